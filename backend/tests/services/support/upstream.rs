//! A stand-in for a team's CRM on the scripted stub: the answers integrations meet in the wild,
//! chosen by the path's first segment.

use backend::test_support::stub::{Reply, Request, Stub};
use std::time::Duration;

/// Starts the CRM on a free loopback port.
pub async fn start() -> Stub {
    Stub::start(answer).await
}

fn answer(request: &Request) -> Reply {
    let route = request.route();
    let (head, rest) = route.split_once('/').unwrap_or((route.as_str(), ""));
    match head {
        "customers" => Reply::json(
            200,
            serde_json::json!({"email": rest, "plan": "Premium", "lifetime_value": 2850.0})
                .to_string(),
        ),
        // The demo CRM's path, as the built-in demo integration calls it.
        "demo" => Reply::json(
            200,
            serde_json::json!({"customer_id": 12345, "path": rest}).to_string(),
        ),
        "missing" => Reply::json(404, r#"{"error": "Customer not found"}"#),
        "boom" => Reply::json(
            500,
            r#"{"message": "database is down", "trace": "secret internals"}"#,
        ),
        "invalid" => Reply::json(200, "{not json"),
        "big" => Reply::json(
            200,
            format!("{{\"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)),
        ),
        "text" => Reply::text(200, "VIP customer since 2019 <b>not bold</b>"),
        "redirect" => Reply::redirect(307, format!("/{rest}")),
        "metadata" => Reply::redirect(307, "http://169.254.169.254/latest/meta-data/"),
        "delay" => {
            let ms: u64 = rest.split('/').next().unwrap_or("0").parse().unwrap_or(0);
            Reply::json(200, format!("{{\"waited_ms\": {ms}}}")).after(Duration::from_millis(ms))
        }
        _ => Reply::status(404),
    }
}

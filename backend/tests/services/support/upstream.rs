//! A stand-in for a team's CRM: an axum app on loopback answering the shapes integrations meet in
//! the wild, counting every request it gets by path.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The running stub.
#[derive(Clone)]
pub struct Upstream {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    hits: Arc<Mutex<HashMap<String, u32>>>,
    headers: Arc<Mutex<Vec<HeaderMap>>>,
}

#[derive(Clone)]
struct Shared {
    hits: Arc<Mutex<HashMap<String, u32>>>,
    headers: Arc<Mutex<Vec<HeaderMap>>>,
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn answer(State(s): State<Shared>, Path(path): Path<String>, headers: HeaderMap) -> Response {
    if let Ok(mut h) = s.hits.lock() {
        *h.entry(path.clone()).or_default() += 1;
    }
    if let Ok(mut all) = s.headers.lock() {
        all.push(headers);
    }
    let mut parts = path.splitn(2, '/');
    let head = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default().to_string();
    match head {
        "customers" => json(
            StatusCode::OK,
            serde_json::json!({"email": rest, "plan": "Premium", "lifetime_value": 2850.0})
                .to_string(),
        ),
        // The demo CRM's path, as the built-in demo integration calls it.
        "demo" => json(
            StatusCode::OK,
            serde_json::json!({"customer_id": 12345, "path": rest}).to_string(),
        ),
        "missing" => json(
            StatusCode::NOT_FOUND,
            r#"{"error": "Customer not found"}"#.into(),
        ),
        "boom" => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"message": "database is down", "trace": "secret internals"}"#.into(),
        ),
        "invalid" => json(StatusCode::OK, "{not json".into()),
        "big" => json(
            StatusCode::OK,
            format!("{{\"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)),
        ),
        "text" => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "VIP customer since 2019 <b>not bold</b>",
        )
            .into_response(),
        "redirect" => Redirect::temporary(&format!("/{rest}")).into_response(),
        "metadata" => {
            Redirect::temporary("http://169.254.169.254/latest/meta-data/").into_response()
        }
        "delay" => {
            let ms: u64 = rest.split('/').next().unwrap_or("0").parse().unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(ms)).await;
            json(StatusCode::OK, format!("{{\"waited_ms\": {ms}}}"))
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

impl Upstream {
    /// Starts the stub on a free loopback port.
    pub async fn start() -> Self {
        let hits: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
        let headers: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
        let router = Router::new()
            .route("/{*path}", any(answer))
            .with_state(Shared {
                hits: hits.clone(),
                headers: headers.clone(),
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Upstream {
            base: format!("http://127.0.0.1:{port}"),
            hits,
            headers,
        }
    }

    /// Requests received for `path` (without the leading slash).
    pub fn hits(&self, path: &str) -> u32 {
        self.hits
            .lock()
            .map(|h| h.get(path).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Requests received in all.
    pub fn total(&self) -> u32 {
        self.hits.lock().map(|h| h.values().sum()).unwrap_or(0)
    }

    /// The headers of every request received, in order.
    pub fn headers(&self) -> Vec<HeaderMap> {
        self.headers.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

//! The defences every response carries: the Content-Security-Policy (with the nonce of the
//! page's inline scripts), framing and sniffing rules, and HSTS when the public URL is https.

use crate::support::{spawn_app, spawn_app_with};
use axum::http::{Method, StatusCode};

/// Every response carries the browser's defences. A page's policy names the nonce its
/// every inline script carries, allows wasm without `'unsafe-eval'`, and forbids framing; other
/// responses run no script; HSTS only when the public URL is https.
#[tokio::test]
async fn every_response_carries_a_content_security_policy_and_the_other_defences() {
    let app = spawn_app().await;
    let page = app.send(Method::GET, "/login", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let policy = page
        .header("content-security-policy")
        .unwrap_or_default()
        .to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"))
        .to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(!policy.contains("'unsafe-eval'") && !policy.contains("'unsafe-inline'"));
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let scripts: Vec<&str> = page.body.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "the page hydrates with scripts");
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")) || tag.contains(" src="),
            "an inline script without this render's nonce: <script{tag}>"
        );
    }
    let again = app.send(Method::GET, "/login", None, None).await;
    assert!(
        !again
            .header("content-security-policy")
            .unwrap_or_default()
            .contains(&nonce),
        "each render draws its own nonce"
    );

    let api = app
        .api_raw(Method::GET, "/api/v1/conversations", None, None, "")
        .await;
    for headers in [&page.headers, &api.headers] {
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(get("x-frame-options"), Some("DENY"));
        assert_eq!(get("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            get("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(get("strict-transport-security"), None);
    }
    assert_eq!(
        api.header("content-security-policy"),
        Some(app::csp::OTHER_POLICY)
    );

    let https = spawn_app_with(&[("CHATLANE_PUBLIC_URL", "https://chatlane.test")]).await;
    let page = https.send(Method::GET, "/login", None, None).await;
    assert!(
        page.header("strict-transport-security")
            .is_some_and(|v| v.starts_with("max-age=31536000"))
    );
}

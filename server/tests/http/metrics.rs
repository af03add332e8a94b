//! `GET /metrics`: open on a loopback bind, closed on any other unless a token is set.

use crate::support::spawn_app_with;
use axum::http::{Method, StatusCode};

/// `/metrics` is not open to anyone. On a loopback bind it answers as before; on any
/// other bind it is closed unless `CHATLANE_METRICS_TOKEN` is set, and then it wants that token.
#[tokio::test]
async fn metrics_are_closed_on_a_public_bind_and_need_the_token_when_one_is_set() {
    let public = spawn_app_with(&[("CHATLANE_ADDR", "0.0.0.0:3000")]).await;
    let r = public
        .api_raw(Method::GET, "/metrics", None, None, "")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.json);

    let guarded = spawn_app_with(&[
        ("CHATLANE_ADDR", "0.0.0.0:3000"),
        ("CHATLANE_METRICS_TOKEN", "scrape-me-please-0123456789"),
    ])
    .await;
    for token in [None, Some("wrong-token")] {
        let r = guarded
            .api_raw(Method::GET, "/metrics", token, None, "")
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = guarded
        .api_raw(
            Method::GET,
            "/metrics",
            Some("scrape-me-please-0123456789"),
            None,
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

//! `GET /api/v1/inboxes/{id}`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn shows_one_inbox_with_its_channels() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .get(&format!("/api/v1/inboxes/{}", app.alpha.inbox_id), &token)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

#[tokio::test]
async fn unknown_and_non_numeric_ids_are_not_found() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    for path in ["/api/v1/inboxes/999999", "/api/v1/inboxes/abc"] {
        let r = app.get(path, &token).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "NOT_FOUND"),
            "{path}"
        );
    }
}

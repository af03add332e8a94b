//! `GET /api/v1/inboxes`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn lists_only_the_tokens_team_inboxes_in_the_documented_envelope() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/inboxes", &token).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

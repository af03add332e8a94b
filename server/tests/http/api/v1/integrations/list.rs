//! `GET /api/v1/integrations`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn admins_list_and_read_their_teams_integrations_masked() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let list = app.get("/api/v1/integrations", &token).await;
    assert_eq!(list.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&list.json));
}

#[tokio::test]
async fn agents_may_not_list_integrations() {
    let app = spawn_app().await;
    let agent = app.agent_token(&app.alpha).await;
    let refused = app.get("/api/v1/integrations", &agent).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "UNAUTHORIZED")
    );
}

//! `GET /api/v1/contacts/{id}`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn shows_one_contact() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .get(
            &format!("/api/v1/contacts/{}", app.alpha.contact_id),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

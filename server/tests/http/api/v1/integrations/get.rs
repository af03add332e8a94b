//! `GET /api/v1/integrations/{id}`.

use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn one_integration_reads_as_its_list_row_with_secrets_masked() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let list = app.get("/api/v1/integrations", &token).await;
    let one = app
        .get(
            &format!("/api/v1/integrations/{}", app.alpha.integration_id),
            &token,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json["data"], list.json["data"][0]);
    assert_eq!(one.json["data"]["headers"][0]["value"], "••••1234");
    assert_eq!(
        one.json["data"]["inbox_ids"],
        serde_json::json!([app.alpha.inbox_id])
    );
}

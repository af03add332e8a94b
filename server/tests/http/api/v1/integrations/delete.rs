//! `DELETE /api/v1/integrations/{id}`.

use crate::support::spawn_app;
use axum::http::StatusCode;

#[tokio::test]
async fn deleting_detaches_it_everywhere() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let path = format!("/api/v1/integrations/{}", app.alpha.integration_id);
    let r = app.delete(&path, &token).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, &token).await.status, StatusCode::NOT_FOUND);
    let attached = app
        .get(
            &format!("/api/v1/inboxes/{}/integrations", app.alpha.inbox_id),
            &token,
        )
        .await;
    assert_eq!(attached.json["data"], serde_json::json!([]));
}

//! `PATCH /api/v1/webhooks/{id}`.

use super::{a_webhook_path, app_allowing_loopback};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn patch_changes_only_the_given_fields() {
    let app = app_allowing_loopback().await;
    let admin = app.admin_token(&app.alpha).await;
    let path = a_webhook_path(&app, &admin).await;
    let r = app
        .patch(
            &path,
            &admin,
            json!({"events": ["contact.updated"], "is_active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["data"]["events"], json!(["contact.updated"]));
    assert_eq!(r.json["data"]["is_active"], false);
    assert_eq!(r.json["data"]["url"], "http://127.0.0.1:9/hook");
    let bad = app.patch(&path, &admin, json!({"events": []})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["details"]["events"].is_array());
}

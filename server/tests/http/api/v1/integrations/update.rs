//! `PUT` / `PATCH /api/v1/integrations/{id}`.

use super::{bridge_integration, last_body};
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn partial_updates_keep_masked_secrets_and_bump_the_version() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let token = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, r#"{"orders": []}"#).await;
    let id = bridge_integration(&app, &token, &receiver, 0).await;
    let path = format!("/api/v1/integrations/{id}");
    let read = app.get(&path, &token).await;
    assert_eq!(read.json["data"]["headers"][0]["value"], "••••cdef");

    // The form as read, sent back with one change: the secret stays.
    let mut form = read.json["data"].clone();
    for k in [
        "id",
        "version",
        "inbox_ids",
        "sample_data",
        "builtin_demo",
        "created_at",
        "updated_at",
    ] {
        form.as_object_mut().map(|o| o.remove(k));
    }
    form["name"] = json!("Orders (EU)");
    let put = app.put(&path, &token, form).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.json);
    assert_eq!(put.json["data"]["version"], 2);
    let patched = app
        .patch(&path, &token, json!({"timeout_seconds": 5}))
        .await;
    assert_eq!(
        (
            patched.json["data"]["version"].clone(),
            patched.json["data"]["name"].clone()
        ),
        (json!(3), json!("Orders (EU)"))
    );
    let test = app
        .post(&format!("{path}/test"), &token, json!({"contact_id": app.alpha.contact_id, "conversation_id": app.alpha.conversation_id}))
        .await;
    assert_eq!(test.json["data"]["status"], "ok", "{}", test.json);
    let sent = receiver.received();
    let key = sent
        .last()
        .and_then(|r| r.headers.get("x-api-key"))
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        key,
        Some("orders-secret-abcdef"),
        "the stored secret is still sent"
    );
    assert_eq!(
        last_body(&receiver),
        json!({"email": "customer@alpha.example", "conversation": app.alpha.conversation_id})
    );

    let bad = app.patch(&path, &token, json!({"method": "GET"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["details"]["body"].is_array(), "{}", bad.json);
}

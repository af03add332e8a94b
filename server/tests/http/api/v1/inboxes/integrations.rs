//! `GET` / `PUT /api/v1/inboxes/{id}/integrations`.

use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn admins_attach_order_and_switch_integrations_per_inbox() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let second = app
        .post(
            "/api/v1/integrations",
            &token,
            json!({"name": "Billing", "url": "https://billing.example.com/i?c={{contact.id}}"}),
        )
        .await;
    let second_id = second.json["data"]["id"].as_i64().unwrap_or_default();
    let path = format!("/api/v1/inboxes/{}/integrations", app.alpha.inbox_id);
    let r = app
        .put(
            &path,
            &token,
            json!({"integrations": [
                {"integration_id": second_id},
                {"integration_id": app.alpha.integration_id, "enabled": false}
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    insta::assert_json_snapshot!(r.json);
    let agent = app.agent_token(&app.alpha).await;
    assert_eq!(
        app.get(&path, &agent).await.json,
        r.json,
        "agents may read the list"
    );
    let refused = app.put(&path, &agent, json!({"integrations": []})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app
        .put(
            &path,
            &token,
            json!({"integrations": [
                {"integration_id": second_id},
                {"integration_id": app.bravo.integration_id},
                {"integration_id": second_id}
            ]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(bad.json);
    assert_eq!(
        app.get(&path, &token).await.json,
        r.json,
        "a refused list changes nothing"
    );
}

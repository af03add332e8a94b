//! `POST /api/v1/integrations/{id}/test`.

use super::bridge_integration;
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_test_calls_now_shows_the_answer_and_keeps_it_as_sample_data() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let token = app.admin_token(&app.alpha).await;
    let receiver =
        HttpReceiver::start(200, r#"{"orders": [{"id": 12345, "status": "completed"}]}"#).await;
    let id = bridge_integration(&app, &token, &receiver, 30).await;
    let path = format!("/api/v1/integrations/{id}/test");
    let r = app
        .post(
            &path,
            &token,
            json!({"values": {"contact.email": "sam@example.com", "conversation.id": 7}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let data = &r.json["data"];
    assert_eq!(data["status"], "ok");
    assert_eq!(data["http_status"], 200);
    assert_eq!(data["method"], "POST");
    assert_eq!(data["resolved_url"], format!("{}/orders", receiver.base));
    assert!(
        data["body"]
            .as_str()
            .is_some_and(|b| b.contains("\"status\": \"completed\""))
    );
    // The same test again calls again. (Without values it would be skipped: the request uses
    // {{contact.email}}, and the email rule holds for tests too.)
    let again = app
        .post(
            &path,
            &token,
            json!({"values": {"contact.email": "sam@example.com"}}),
        )
        .await;
    assert_eq!(again.json["data"]["status"], "ok");
    let no_email = app.post(&path, &token, json!({})).await;
    assert_eq!(no_email.json["data"]["status"], "skipped");
    assert_eq!(
        no_email.json["data"]["error"],
        "No email for this contact yet"
    );
    assert_eq!(receiver.received().len(), 2, "tests are never cached");
    let stored = app.get(&format!("/api/v1/integrations/{id}"), &token).await;
    assert_eq!(stored.json["data"]["sample_data"]["orders"][0]["id"], 12345);

    let unknown = app
        .post(&path, &token, json!({"contact_id": app.bravo.contact_id}))
        .await;
    assert_eq!(
        (
            unknown.status,
            unknown.json["details"]["contact_id"].is_array()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
    let agent = app.agent_token(&app.alpha).await;
    let refused = app.post(&path, &agent, json!({})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

//! `POST /api/v1/conversations`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn creates_a_conversation_with_tags_and_a_first_message_from_the_contact() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "New conversation",
                "body": "Initial message content",
                "status": "active",
                "tags": ["vip", "billing", "vip", " priority "]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    insta::assert_json_snapshot!(stable(&r.json));

    // Existing tags are reused, not duplicated.
    let again = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Second",
                "tags": ["vip"]
            }),
        )
        .await;
    assert_eq!(
        again.json["data"]["tags"][0]["id"],
        r.json["data"]["tags"][2]["id"]
    );
    assert_eq!(again.json["data"]["messages"], json!([]));
    assert_eq!(again.json["data"]["last_message_at"], json!(null));
}

#[tokio::test]
async fn missing_or_foreign_references_are_field_errors_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let before = app.get("/api/v1/conversations", &token).await.json["meta"]["total"].clone();
    let r = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.bravo.inbox_id,
                "contact_id": app.bravo.contact_id,
                "subject": "",
                "status": "open",
                "tags": ["ok", ""]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
    let r = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({"inbox_id": app.alpha.inbox_id, "subject": "No contact"}),
        )
        .await;
    assert_eq!(
        r.json["details"]["contact_id"],
        json!(["This field is required for standard inboxes."])
    );
    let after = app.get("/api/v1/conversations", &token).await.json["meta"]["total"].clone();
    assert_eq!(before, after);
}

//! `GET /api/v1/messages`.

use crate::support::api::{ids, stable};
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn lists_the_teams_messages_with_conversation_and_sender() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/messages", &token).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

#[tokio::test]
async fn filters_by_conversation_inbox_type_and_created_after() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let created = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Second",
                "body": "Second conversation's first message"
            }),
        )
        .await;
    let second_message = created.json["data"]["messages"][0]["id"]
        .as_i64()
        .unwrap_or_default();
    let second_conversation = created.json["data"]["id"].as_i64().unwrap_or_default();

    let all = app.get("/api/v1/messages", &token).await;
    assert_eq!(ids(&all.json), vec![app.alpha.message_id, second_message]);
    let r = app
        .get(
            &format!("/api/v1/messages?conversation_id={second_conversation}"),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), vec![second_message]);
    let r = app
        .get(
            &format!("/api/v1/messages?inbox_id={}", app.alpha.inbox_id),
            &token,
        )
        .await;
    assert_eq!(r.json["meta"]["total"], json!(2));
    let r = app
        .get(
            &format!("/api/v1/messages?inbox_id={}", app.bravo.inbox_id),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), Vec::<i64>::new());
    let r = app.get("/api/v1/messages?type=note", &token).await;
    assert_eq!(ids(&r.json), Vec::<i64>::new());
    let r = app
        .get("/api/v1/messages?type=email&limit=1&page=2", &token)
        .await;
    assert_eq!(ids(&r.json), vec![second_message]);
    let first_at = all.json["data"][0]["created_at"]
        .as_str()
        .unwrap_or_default();
    let r = app
        .get(
            &format!("/api/v1/messages?created_after={first_at}"),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), vec![second_message], "{}", r.json);

    let r = app
        .get("/api/v1/messages?type=pigeon&conversation_id=one", &token)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
}

//! `GET /api/v1/conversations`.

use crate::support::api::{ids, stable};
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn lists_the_teams_conversations_with_inbox_participant_and_tags() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/conversations", &token).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

#[tokio::test]
async fn filters_by_status_inbox_and_created_after_and_refuses_bad_values() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let created = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Pending one",
                "status": "pending"
            }),
        )
        .await;
    let new_id = created.json["data"]["id"].as_i64().unwrap_or_default();
    let stamp = app
        .get(
            &format!("/api/v1/conversations/{}", app.alpha.conversation_id),
            &token,
        )
        .await;
    let first_created = stamp.json["data"]["created_at"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let r = app
        .get("/api/v1/conversations?status=pending", &token)
        .await;
    assert_eq!(ids(&r.json), vec![new_id]);
    let r = app.get("/api/v1/conversations?status=active", &token).await;
    assert_eq!(ids(&r.json), vec![app.alpha.conversation_id]);
    let r = app
        .get(
            &format!("/api/v1/conversations?inbox_id={}", app.alpha.inbox_id),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), vec![app.alpha.conversation_id, new_id]);
    // Polling from the first conversation's own timestamp returns only what came after it.
    let r = app
        .get(
            &format!(
                "/api/v1/conversations?created_after={}",
                first_created.replace('+', "%2B")
            ),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), vec![new_id], "{}", r.json);
    // Another team's inbox id filters to nothing rather than revealing anything.
    let r = app
        .get(
            &format!("/api/v1/conversations?inbox_id={}", app.bravo.inbox_id),
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), Vec::<i64>::new());

    let r = app
        .get(
            "/api/v1/conversations?status=open&inbox_id=x&limit=500",
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
}

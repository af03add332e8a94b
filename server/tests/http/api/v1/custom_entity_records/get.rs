//! `GET /api/v1/custom-entity-records/{id}`, and the record's conversations (an entity inbox's
//! conversations name their recipient among the record's contacts).

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use backend::services::contacts::{ContactService, NewContact};
use backend::services::inboxes::InboxService;
use model::{InboxType, MessageType};
use serde_json::json;

#[tokio::test]
async fn shows_the_record_with_attributes_conversations_and_contacts() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let inbox = InboxService::create(
        &app.db,
        app.alpha.id,
        "Orders",
        InboxType::Entity,
        &[MessageType::Email],
    )
    .await
    .expect("inbox");
    let conv = app
        .post("/api/v1/conversations", &token, json!({"inbox_id": inbox.id, "custom_entity_record_id": app.alpha.record_id, "contact_id": app.alpha.contact_id, "subject": "Where is order 1001?"}))
        .await;
    assert_eq!(conv.status, StatusCode::CREATED, "{}", conv.json);
    let conversation_id = conv.json["data"]["id"].as_i64().expect("id");

    let r = app
        .get(
            &format!("/api/v1/custom-entity-records/{}", app.alpha.record_id),
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));

    // Messages in a record's conversation name a contact of the record.
    let messages_path = format!("/api/v1/conversations/{conversation_id}/messages");
    let send = |body| app.post(&messages_path, &token, body);
    assert_eq!(
        send(json!({"body": "Shipped", "type": "email"}))
            .await
            .code(),
        "CONTACT_REQUIRED"
    );
    let stranger = ContactService::create(
        &app.state,
        app.alpha.id,
        NewContact {
            name: "Stranger".into(),
            email: "s@alpha.example".into(),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    assert_eq!(
        send(json!({"body": "Shipped", "type": "email", "contact_id": stranger.id}))
            .await
            .code(),
        "CONTACT_NOT_ASSOCIATED"
    );
    let note = send(json!({"body": "Checked the warehouse", "type": "note", "contact_id": app.alpha.contact_id})).await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.json);
    // An entity inbox takes records, not plain contacts, and another team's record is unknown.
    let r = app
        .post("/api/v1/conversations", &token, json!({"inbox_id": inbox.id, "custom_entity_record_id": app.bravo.record_id, "subject": "x"}))
        .await;
    assert_eq!(
        r.json["details"]["custom_entity_record_id"][0],
        "No custom entity record with this id in your team."
    );
    let r = app
        .post("/api/v1/conversations", &token, json!({"inbox_id": app.alpha.inbox_id, "contact_id": app.alpha.contact_id, "custom_entity_record_id": app.alpha.record_id, "subject": "x"}))
        .await;
    assert_eq!(
        r.json["details"]["custom_entity_record_id"][0],
        "Only entity inboxes hold conversations about records."
    );
}

#[tokio::test]
async fn another_teams_record_is_not_found() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.bravo).await;
    let r = app
        .get(
            &format!("/api/v1/custom-entity-records/{}", app.alpha.record_id),
            &token,
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "NOT_FOUND"));
}

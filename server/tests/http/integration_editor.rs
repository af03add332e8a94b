//! The integration editor's server functions: the Testing tab reads a contact's values by ID
//! (and a conversation's), only within the team, and runs with the values as edited.

use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// Typing a contact ID reads that contact's values in the admin's team only: another team's
/// contact is not found and its conversation is refused next to the field (never their data), an
/// agent may not, and a test with edited values names only the team's own contacts.
#[tokio::test]
async fn test_values_by_contact_id_stay_within_the_team() {
    let app = spawn_app().await;
    let admin = app.login(&app.alpha.admin_email).await;
    let own = app
        .call(
            &admin,
            "get_test_values",
            &format!(
                "contact_id={}&conversation_id={}",
                app.alpha.contact_id, app.alpha.conversation_id
            ),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let values: Value = serde_json::from_str(&own.body).expect("json");
    assert_eq!(values["contact.id"], json!(app.alpha.contact_id));
    assert_eq!(values["conversation.id"], json!(app.alpha.conversation_id));
    assert!(values["inbox.name"].is_string(), "{values}");

    for form in [
        format!("contact_id={}", app.bravo.contact_id),
        "contact_id=999999".to_string(),
    ] {
        let r = app.call(&admin, "get_test_values", &form).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{form}: {}", r.body);
        assert!(!r.body.contains("bravo"), "{}", r.body);
    }
    let foreign_conversation = app
        .call(
            &admin,
            "get_test_values",
            &format!(
                "contact_id={}&conversation_id={}",
                app.alpha.contact_id, app.bravo.conversation_id
            ),
        )
        .await;
    assert_eq!(
        foreign_conversation.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign_conversation.body
    );
    assert!(
        foreign_conversation
            .body
            .contains("No such conversation in this team."),
        "{}",
        foreign_conversation.body
    );
    let agent = app.login(&app.alpha.agent_email).await;
    let r = app
        .call(
            &agent,
            "get_test_values",
            &format!("contact_id={}", app.alpha.contact_id),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    let test = |contact_id: i64| {
        json!({
            "id": null,
            "input": {"name": "Edited", "url": "https://crm.example.com/customers/{{contact.name}}"},
            "contact_id": contact_id,
            "values": {"contact.name": "Edited Name"},
        })
    };
    let foreign = app
        .call_json(&admin, "test_integration", &test(app.bravo.contact_id))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
}

/// A new integration is saved with the inboxes chosen on its Inboxes tab, in one step; another
/// team's inbox refuses the save and nothing is created.
#[tokio::test]
async fn a_new_integration_is_saved_with_its_inboxes_and_a_foreign_inbox_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.login(&app.alpha.admin_email).await;
    let save = |name: &str, inbox_id: i64| {
        json!({
            "id": null,
            "input": {"name": name, "url": "https://crm.example.com/customers/{{contact.email}}"},
            "inboxes": [{"inbox_id": inbox_id, "name": "", "attached": true, "enabled": true}],
        })
    };
    let count = |app: &crate::support::TestApp| {
        let db = app.db.clone();
        async move {
            use sea_orm::{EntityTrait, PaginatorTrait};
            backend::entities::integration::Entity::find()
                .count(&db)
                .await
                .expect("count")
        }
    };
    let before = count(&app).await;
    let refused = app
        .call_json(
            &admin,
            "save_integration",
            &save("Foreign", app.bravo.inbox_id),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("No such inbox in this team."),
        "{}",
        refused.body
    );
    assert_eq!(count(&app).await, before, "nothing was created");

    let saved = app
        .call_json(
            &admin,
            "save_integration",
            &save("Attached", app.alpha.inbox_id),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let id: i64 = saved.body.trim().parse().expect("the new id");
    let listed = app
        .call(
            &admin,
            "list_inbox_integrations",
            &format!("inbox_id={}", app.alpha.inbox_id),
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let rows: Value = serde_json::from_str(&listed.body).expect("json");
    assert!(
        rows.as_array()
            .is_some_and(|r| r.iter().any(|i| i["integration_id"] == json!(id))),
        "{rows}"
    );
}

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

//! Contacts: creation rules, search and the profile, on every database.

use crate::support::{on_every_database, state, world};
use backend::ServiceError;
use backend::services::contacts::{ContactChanges, ContactService, NewContact};

fn rule_code(r: &Result<backend::entities::contact::Model, ServiceError>) -> Option<&'static str> {
    match r {
        Err(ServiceError::Rule { code, .. }) => Some(code),
        _ => None,
    }
}

#[tokio::test]
async fn duplicate_email_or_phone_in_a_team_is_refused_with_its_code() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let dup_email = NewContact {
            name: "Carla Again".into(),
            email: "CARLA@acme.example".into(),
            ..Default::default()
        };
        let r = ContactService::create(&state(&db), w.admin.team_id, dup_email).await;
        assert_eq!(rule_code(&r), Some("DUPLICATE_EMAIL"), "{r:?}");
        // The same number written differently is the same E.164 number.
        let dup_phone = NewContact {
            name: "Carla Again".into(),
            phone: "+1 (415) 555-0199".into(),
            ..Default::default()
        };
        let r = ContactService::create(&state(&db), w.admin.team_id, dup_phone).await;
        assert_eq!(rule_code(&r), Some("DUPLICATE_PHONE"), "{r:?}");
        // Another team may hold the same email.
        let other = world(&db, "other").await;
        let same = NewContact {
            name: "Carla".into(),
            email: "carla@acme.example".into(),
            ..Default::default()
        };
        assert!(
            ContactService::create(&state(&db), other.admin.team_id, same)
                .await
                .is_ok()
        );
    })
    .await;
}

#[tokio::test]
async fn updates_change_only_given_fields_merge_attributes_and_keep_uniqueness() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let mut attributes = serde_json::Map::new();
        attributes.insert("plan".into(), serde_json::json!("gold"));
        attributes.insert("seats".into(), serde_json::json!(3));
        let dana = ContactService::create(
            &state(&db),
            w.admin.team_id,
            NewContact {
                name: "Dana".into(),
                email: "dana@acme.example".into(),
                custom_attributes: attributes,
                ..Default::default()
            },
        )
        .await
        .expect("create");
        let Ok(serde_json::Value::Object(changes)) =
            serde_json::from_str(r#"{"seats": null, "region": "EU"}"#)
        else {
            panic!("literal JSON object")
        };
        let updated = ContactService::update(
            &state(&db),
            &w.admin,
            dana.id,
            ContactChanges {
                phone: Some("+44 1234 567890".into()),
                custom_attributes: Some(changes),
                ..Default::default()
            },
        )
        .await
        .expect("update");
        assert_eq!(updated.name, "Dana");
        assert_eq!(updated.email.as_deref(), Some("dana@acme.example"));
        assert_eq!(updated.phone.as_deref(), Some("+441234567890"));
        assert_eq!(
            updated.custom_attributes,
            serde_json::json!({"plan": "gold", "region": "EU"})
        );
        // Taking another contact's email is refused; keeping one's own is not a duplicate.
        let taken = ContactService::update(
            &state(&db),
            &w.admin,
            dana.id,
            ContactChanges {
                email: Some("carla@acme.example".into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(rule_code(&taken), Some("DUPLICATE_EMAIL"));
        let same = ContactService::update(
            &state(&db),
            &w.admin,
            dana.id,
            ContactChanges {
                email: Some("DANA@acme.example".into()),
                ..Default::default()
            },
        )
        .await;
        assert!(same.is_ok(), "{same:?}");
        // An empty email clears it; another team's contact is not found.
        let cleared = ContactService::update(
            &state(&db),
            &w.admin,
            dana.id,
            ContactChanges {
                email: Some(String::new()),
                ..Default::default()
            },
        )
        .await
        .expect("clear");
        assert_eq!(cleared.email, None);
        let other = world(&db, "other").await;
        let r = ContactService::update(
            &state(&db),
            &other.admin,
            dana.id,
            ContactChanges::default(),
        )
        .await;
        assert!(matches!(r, Err(ServiceError::NotFound)), "{r:?}");
    })
    .await;
}

#[tokio::test]
async fn search_matches_name_email_or_phone_case_insensitively() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        for q in ["carla", "CLIENT", "carla@acme", "555 0199", "4155550199"] {
            let page = ContactService::search(&db, &w.agent, q, 1)
                .await
                .expect("search");
            assert_eq!(
                page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
                vec![w.contact_id],
                "query {q}"
            );
        }
        let all = ContactService::search(&db, &w.agent, "", 1)
            .await
            .expect("search");
        assert_eq!(all.total, 2);
        let wildcard = ContactService::search(&db, &w.agent, "%", 1)
            .await
            .expect("search");
        assert_eq!(wildcard.total, 0, "% is matched literally");
    })
    .await;
}

#[tokio::test]
async fn the_profile_lists_details_attributes_and_recent_conversations() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let p = ContactService::profile(&db, &w.agent, w.contact_id)
            .await
            .expect("profile");
        assert_eq!(p.contact.email.as_deref(), Some("carla@acme.example"));
        assert_eq!(p.contact.phone.as_deref(), Some("+14155550199"));
        assert_eq!(p.recent_conversations.len(), 1);
        assert_eq!(p.recent_conversations[0].subject, "Where is my order?");
    })
    .await;
}

//! Contacts: creation rules, search and the profile, on every database.

use crate::support::world;
use backend::services::contacts::{ContactService, NewContact};
use backend::{DatabaseConnection, ServiceError};

#[tokio::test]
async fn duplicate_email_or_phone_in_a_team_is_a_field_error() {
    on_every_database!(|db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            let w = world(&db, "acme").await;
            let dup = NewContact {
                name: "Carla Again".into(),
                email: "CARLA@acme.example".into(),
                phone: "+14155550199".into(),
                ..Default::default()
            };
            let r = ContactService::create(&db, w.admin.team_id, dup).await;
            let Err(ServiceError::Validation(errors)) = r else {
                panic!("expected a validation error, got {r:?}")
            };
            assert_eq!(
                errors.get("email"),
                Some("A contact with this email already exists.")
            );
            assert!(errors.get("phone").is_some());
            // Another team may hold the same email.
            let other = world(&db, "other").await;
            let same = NewContact {
                name: "Carla".into(),
                email: "carla@acme.example".into(),
                ..Default::default()
            };
            assert!(
                ContactService::create(&db, other.admin.team_id, same)
                    .await
                    .is_ok()
            );
        }
    });
}

#[tokio::test]
async fn search_matches_name_email_or_phone_case_insensitively() {
    on_every_database!(|db: &DatabaseConnection| {
        let db = db.clone();
        async move {
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
        }
    });
}

#[tokio::test]
async fn the_profile_lists_details_attributes_and_recent_conversations() {
    on_every_database!(|db: &DatabaseConnection| {
        let db = db.clone();
        async move {
            let w = world(&db, "acme").await;
            let p = ContactService::profile(&db, &w.agent, w.contact_id)
                .await
                .expect("profile");
            assert_eq!(p.contact.email.as_deref(), Some("carla@acme.example"));
            assert_eq!(p.contact.phone.as_deref(), Some("+14155550199"));
            assert_eq!(p.recent_conversations.len(), 1);
            assert_eq!(p.recent_conversations[0].subject, "Where is my order?");
        }
    });
}

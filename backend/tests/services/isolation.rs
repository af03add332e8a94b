//! Tenant isolation: nothing of team A is visible or changeable from team B, on every database.

use crate::support::{on_every_database, state, world};
use backend::ServiceError;
use backend::services::contacts::ContactService;
use backend::services::conversations::ConversationService;
use backend::services::inboxes::InboxService;
use backend::services::teams::TeamService;
use model::conversation::ConversationFilter;
use model::{ConversationStatus, MessageType};

#[tokio::test]
async fn another_teams_rows_are_not_found() {
    on_every_database(async |db| {
        let a = world(&db, "alpha").await;
        let b = world(&db, "bravo").await;
        let intruder = b.admin;

        assert!(matches!(
            ConversationService::view(&db, &intruder, a.conversation_id).await,
            Err(ServiceError::NotFound)
        ));
        let reply = ConversationService::reply(
            &state(&db),
            &intruder,
            a.conversation_id,
            MessageType::Note,
            "hi",
        )
        .await;
        assert!(matches!(reply, Err(ServiceError::NotFound)));
        let status = ConversationService::set_status(
            &db,
            &intruder,
            a.conversation_id,
            ConversationStatus::Closed,
        )
        .await;
        assert!(matches!(status, Err(ServiceError::NotFound)));
        let tag = ConversationService::add_tag(&db, &intruder, a.conversation_id, "x").await;
        assert!(matches!(tag, Err(ServiceError::NotFound)));
        assert!(matches!(
            ContactService::profile(&db, &intruder, a.contact_id).await,
            Err(ServiceError::NotFound)
        ));

        let list = ConversationService::list(
            &db,
            &intruder,
            &ConversationFilter {
                inbox_id: Some(a.inbox_id),
                ..Default::default()
            },
        )
        .await
        .expect("list");
        assert_eq!(
            list.total, 0,
            "filtering by another team's inbox shows nothing"
        );
        let contacts = ContactService::search(&db, &intruder, "carla", 1)
            .await
            .expect("search");
        assert!(contacts.items.iter().all(|c| c.id != a.contact_id));
        let inboxes = InboxService::list_with_unread(&db, &intruder)
            .await
            .expect("inboxes");
        assert!(inboxes.iter().all(|i| i.id != a.inbox_id));

        // Team A's data is untouched.
        let d = ConversationService::view(&db, &a.agent, a.conversation_id)
            .await
            .expect("open");
        assert_eq!(d.messages.len(), 3);
        assert!(d.tags.is_empty());
        assert_eq!(d.status, ConversationStatus::Active);
    })
    .await;
}

#[tokio::test]
async fn only_admins_list_team_members() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        assert_eq!(
            TeamService::members(&db, &w.admin)
                .await
                .expect("members")
                .len(),
            2
        );
        assert!(matches!(
            TeamService::members(&db, &w.agent).await,
            Err(ServiceError::Forbidden(_))
        ));
    })
    .await;
}

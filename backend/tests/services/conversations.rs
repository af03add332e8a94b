//! The agent inbox: listing, opening, replying, status and tags, on every database.

use crate::support::{on_every_database, state, world};
use backend::ServiceError;
use backend::services::Window;
use backend::services::conversations::{
    ConversationQuery, ConversationService, NewApiConversation,
};
use backend::services::inboxes::InboxService;
use model::conversation::ConversationFilter;
use model::{ConversationStatus, MessageType};

#[tokio::test]
async fn a_reply_is_appended_to_the_thread_and_moves_the_conversation_to_the_top() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let before = ConversationService::list(&db, &w.agent, &ConversationFilter::default())
            .await
            .expect("list");
        assert_eq!(before.total, 2);

        let detail = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_id,
            MessageType::Email,
            "  We shipped it today.  ",
        )
        .await
        .expect("reply");
        let last = detail.messages.last().expect("a message");
        assert_eq!(last.body, "We shipped it today.");
        assert_eq!(last.sender_name, "Ari Agent");
        // Queued for the connected Email channel's driver.
        assert_eq!(last.delivery_status.as_deref(), Some("sending"));
        assert_eq!(detail.messages.len(), 4);

        let after = ConversationService::list(&db, &w.agent, &ConversationFilter::default())
            .await
            .expect("list");
        assert_eq!(after.items[0].id, w.conversation_id);
        assert_eq!(
            after.items[0].preview.as_deref(),
            Some("We shipped it today.")
        );
    })
    .await;
}

#[tokio::test]
async fn bad_replies_are_refused_and_nothing_is_written() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let empty = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_id,
            MessageType::Note,
            "   ",
        )
        .await;
        assert!(
            matches!(&empty, Err(ServiceError::Validation(e)) if e.get("body").is_some()),
            "{empty:?}"
        );
        let too_long = "x".repeat(model::validation::MESSAGE_BODY_MAX + 1);
        let long = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_id,
            MessageType::Note,
            &too_long,
        )
        .await;
        assert!(
            matches!(
                &long,
                Err(ServiceError::Rule {
                    code: "MESSAGE_TOO_LONG",
                    ..
                })
            ),
            "{long:?}"
        );
        let no_email = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_without_email_id,
            MessageType::Email,
            "hello",
        )
        .await;
        assert!(
            matches!(
                &no_email,
                Err(ServiceError::Rule {
                    code: "NO_EMAIL_ADDRESS",
                    ..
                })
            ),
            "{no_email:?}"
        );
        let sms = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_id,
            MessageType::Sms,
            "hello",
        )
        .await;
        assert!(matches!(sms, Err(ServiceError::Validation(_))));
        let missing =
            ConversationService::reply(&state(&db), &w.agent, 999_999, MessageType::Note, "hello")
                .await;
        assert!(matches!(missing, Err(ServiceError::NotFound)));

        let detail = ConversationService::view(&db, &w.agent, w.conversation_id)
            .await
            .expect("open");
        assert_eq!(detail.messages.len(), 3, "no refused reply was written");
        // A note to the contact without email works: notes stay internal.
        let ok = ConversationService::reply(
            &state(&db),
            &w.agent,
            w.conversation_without_email_id,
            MessageType::Note,
            "called them",
        )
        .await;
        assert!(ok.is_ok());
    })
    .await;
}

#[tokio::test]
async fn marking_read_makes_the_unread_counts_follow() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        // Both conversations end with a contact message, so both are unread.
        let inboxes = InboxService::list_with_unread(&db, &w.agent)
            .await
            .expect("inboxes");
        assert_eq!(inboxes.len(), 1);
        assert_eq!(inboxes[0].unread, 2);
        ConversationService::mark_read(&db, &w.agent, w.conversation_id)
            .await
            .expect("mark read");
        let inboxes = InboxService::list_with_unread(&db, &w.agent)
            .await
            .expect("inboxes");
        assert_eq!(inboxes[0].unread, 1);
    })
    .await;
}

#[tokio::test]
async fn status_filter_and_status_change() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let d = ConversationService::set_status(
            &db,
            &w.agent,
            w.conversation_id,
            ConversationStatus::Closed,
        )
        .await
        .expect("close");
        assert_eq!(d.status, ConversationStatus::Closed);
        let closed = ConversationFilter {
            status: Some(ConversationStatus::Closed),
            ..Default::default()
        };
        let page = ConversationService::list(&db, &w.agent, &closed)
            .await
            .expect("list");
        assert_eq!(
            page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![w.conversation_id]
        );
        let active = ConversationFilter {
            status: Some(ConversationStatus::Active),
            inbox_id: Some(w.inbox_id),
            page: 1,
        };
        let page = ConversationService::list(&db, &w.agent, &active)
            .await
            .expect("list");
        assert_eq!(
            page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![w.conversation_without_email_id]
        );
    })
    .await;
}

#[tokio::test]
async fn tags_are_created_by_name_added_once_and_removed() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        ConversationService::add_tag(&db, &w.agent, w.conversation_id, "vip")
            .await
            .expect("tag");
        let d = ConversationService::add_tag(&db, &w.agent, w.conversation_id, " vip ")
            .await
            .expect("tag again");
        assert_eq!(d.tags.len(), 1);
        assert_eq!(d.tags[0].color, "#3b82f6");
        let d = ConversationService::remove_tag(&db, &w.agent, w.conversation_id, d.tags[0].id)
            .await
            .expect("untag");
        assert!(d.tags.is_empty());
        let empty = ConversationService::add_tag(&db, &w.agent, w.conversation_id, "").await;
        assert!(matches!(empty, Err(ServiceError::Validation(_))));
    })
    .await;
}

#[tokio::test]
async fn the_api_creates_with_tags_in_one_transaction_and_lists_in_creation_order() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let created = ConversationService::create(
            &state(&db),
            &w.agent,
            NewApiConversation {
                inbox_id: Some(w.inbox_id),
                contact_id: Some(w.contact_id),
                subject: Some("From the form".into()),
                body: Some("Hello there".into()),
                tags: vec!["vip".into(), "billing".into(), "vip".into()],
                ..Default::default()
            },
        )
        .await
        .expect("create");
        let names: Vec<&str> = created.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["billing", "vip"]);
        assert!(created.tags.iter().all(|t| t.color == "#3b82f6"));
        let thread = created.messages.clone().unwrap_or_default();
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].1.id, Some(w.contact_id));

        let listed = ConversationService::list_oldest_first(
            &db,
            &w.agent,
            &ConversationQuery::default(),
            Window {
                offset: 0,
                limit: 100,
            },
        )
        .await
        .expect("list");
        assert_eq!(listed.total, 3);
        let last = listed.rows.last().map(|c| c.conversation.id);
        assert_eq!(last, Some(created.conversation.id));
        let after = ConversationService::list_oldest_first(
            &db,
            &w.agent,
            &ConversationQuery {
                created_after: Some(created.conversation.created_at),
                ..Default::default()
            },
            Window {
                offset: 0,
                limit: 100,
            },
        )
        .await
        .expect("list");
        assert_eq!(after.total, 0, "created_after is strict");

        // A refused request writes nothing: not even the new tag.
        let refused = ConversationService::create(
            &state(&db),
            &w.agent,
            NewApiConversation {
                inbox_id: Some(w.inbox_id),
                subject: Some(String::new()),
                tags: vec!["brand-new".into()],
                ..Default::default()
            },
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Validation(_))));
        let other = world(&db, "other").await;
        let foreign =
            ConversationService::find_with_thread(&db, &other.agent, created.conversation.id).await;
        assert!(matches!(foreign, Err(ServiceError::NotFound)));
    })
    .await;
}

#[tokio::test]
async fn received_messages_are_unread_until_the_conversation_is_marked_read() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let created = ConversationService::create(
            &state(&db),
            &w.agent,
            NewApiConversation {
                inbox_id: Some(w.inbox_id),
                contact_id: Some(w.contact_id),
                subject: Some("Unread".into()),
                body: Some("Are you there?".into()),
                ..Default::default()
            },
        )
        .await
        .expect("create");
        let unread = |c: &backend::services::conversations::ApiConversation| {
            c.messages
                .iter()
                .flatten()
                .filter(|(m, _)| !m.is_read)
                .count()
        };
        assert_eq!(unread(&created), 1);
        ConversationService::mark_read(&db, &w.agent, created.conversation.id)
            .await
            .expect("mark read");
        let after = ConversationService::find_with_thread(&db, &w.agent, created.conversation.id)
            .await
            .expect("find");
        assert_eq!(unread(&after), 0);
        assert!(after.conversation.is_read);
    })
    .await;
}

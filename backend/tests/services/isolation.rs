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

/// A profile sheet's run reads the contact, conversation and inbox in one query; each of the three
/// must be the caller's team's, the conversation must be the contact's, and the plan lists only
/// the team's own integrations.
#[tokio::test]
async fn a_run_refuses_another_teams_contact_conversation_or_inbox_and_plans_only_its_own_cards() {
    use backend::services::integrations::runner::{self, Refresh, RunRequest};
    use model::integration::RunTrigger;
    on_every_database(async |db| {
        let a = world(&db, "alpha").await;
        let b = world(&db, "bravo").await;
        let app = state(&db);
        let card = |name: &str| {
            serde_json::from_value(serde_json::json!({
                "name": name,
                "url": "https://crm.example.com/customers/{{contact.email}}",
            }))
            .expect("input")
        };
        crate::support::attached(&app, &a, vec![card("Alpha CRM")]).await;
        crate::support::attached(&app, &b, vec![card("Bravo CRM")]).await;
        let request = |contact_id, conversation_id, inbox_id| RunRequest {
            contact_id,
            conversation_id,
            inbox_id,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        };
        let refused = async |r: RunRequest| runner::start(&app, &b.agent, r).await.err();
        let field = |e: Option<ServiceError>| match e {
            Some(ServiceError::Validation(v)) => v
                .get("conversation_id")
                .or(v.get("inbox_id"))
                .map(str::to_string),
            other => Some(format!("not a validation error: {other:?}")),
        };

        assert!(matches!(
            refused(request(a.contact_id, None, None)).await,
            Some(ServiceError::NotFound)
        ));
        assert!(matches!(
            refused(request(a.contact_id, Some(a.conversation_id), None)).await,
            Some(ServiceError::NotFound)
        ));
        assert_eq!(
            field(refused(request(b.contact_id, Some(a.conversation_id), None)).await).as_deref(),
            Some("No such conversation in this team.")
        );
        assert_eq!(
            field(
                refused(request(
                    b.contact_id,
                    Some(b.conversation_without_email_id),
                    None
                ))
                .await
            )
            .as_deref(),
            Some("This conversation is not with this contact.")
        );
        assert_eq!(
            field(refused(request(b.contact_id, None, Some(a.inbox_id))).await).as_deref(),
            Some("No such inbox in this team.")
        );

        for own in [
            request(b.contact_id, Some(b.conversation_id), None),
            request(b.contact_id, None, Some(b.inbox_id)),
            request(b.contact_id, None, None),
        ] {
            let run = runner::start(&app, &b.agent, own).await.expect("start");
            let planned: Vec<&str> = run.planned.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(planned, ["Bravo CRM"], "{own:?}");
        }
    })
    .await;
}

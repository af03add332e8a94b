//! Visitor data from a real source: a visit sent with a message becomes the conversation's latest
//! and its contact's last, fills `{{visitor.*}}` in the integrations' requests and the
//! transcript's visitor block; a wrong one is refused field by field and changes nothing.

use crate::support::{allowing_loopback, attached, on_every_database, upstream, world};
use backend::ServiceError;
use backend::services::conversations::ConversationService;
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::services::messages::{MessageService, NewApiMessage};
use backend::services::webhooks::payload::{self, Notes};
use model::integration::{IntegrationInput, RunStatus, RunTrigger};
use model::visitor::VisitorInput;
use serde_json::json;

fn note_with(visitor: VisitorInput) -> NewApiMessage {
    NewApiMessage {
        body: Some("Visitor is browsing the pricing page".into()),
        message_type: Some("note".into()),
        visitor: Some(visitor),
        ..Default::default()
    }
}

fn lisbon_visit() -> VisitorInput {
    VisitorInput {
        ip: Some("2001:DB8::7".into()),
        page_url: Some("https://shop.example/pricing?plan=pro".into()),
        referrer: Some("https://search.example/?q=acme".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0".into()),
        location: Some("Lisbon, Portugal".into()),
    }
}

#[tokio::test]
async fn a_visit_sent_with_a_message_reaches_the_variables_the_transcript_and_the_inbox() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "visits").await;
        let up = upstream::start().await;
        let input: IntegrationInput = serde_json::from_value(json!({
            "name": "Visit lookup",
            "url": format!("{}/customers/visit", up.base()),
            "query_params": [
                {"name": "ip", "value": "{{visitor.ip}}"},
                {"name": "page", "value": "{{visitor.page_url}}"},
                {"name": "from", "value": "{{visitor.referrer}}"},
                {"name": "where", "value": "{{visitor.location}}"},
                {"name": "ua", "value": "{{visitor.user_agent}}"}
            ],
            "cache_minutes": 0,
            "timeout_seconds": 2
        }))
        .expect("input");
        attached(&app, &w, vec![input]).await;

        MessageService::create(&app, &w.agent, w.conversation_id, note_with(lisbon_visit()))
            .await
            .expect("the message and its visit are kept");

        let results = runner::run_all(
            &app,
            &w.agent,
            RunRequest {
                contact_id: w.contact_id,
                conversation_id: Some(w.conversation_id),
                inbox_id: None,
                refresh: Refresh::No,
                trigger: RunTrigger::Profile,
            },
        )
        .await
        .expect("run");
        assert_eq!(results[0].status, RunStatus::Ok, "{:?}", results[0]);
        let sent = up.requests().pop().expect("one call").path;
        let query: Vec<(String, String)> = url::form_urlencoded::parse(
            sent.split_once('?')
                .map(|(_, q)| q)
                .unwrap_or_default()
                .as_bytes(),
        )
        .into_owned()
        .collect();
        let value = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(value("ip"), "2001:db8::7", "the canonical address: {sent}");
        assert_eq!(value("page"), "https://shop.example/pricing?plan=pro");
        assert_eq!(value("from"), "https://search.example/?q=acme");
        assert_eq!(value("where"), "Lisbon, Portugal");
        assert_eq!(value("ua"), "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");

        let transcript =
            payload::transcript(&app, w.admin.team_id, w.conversation_id, Notes::Withheld)
                .await
                .expect("query")
                .expect("the conversation");
        let visitor = serde_json::to_value(&transcript.visitor).expect("json");
        assert_eq!(
            visitor,
            json!({
                "IPAddress": "2001:db8::7",
                "currentPage": "https://shop.example/pricing?plan=pro",
                "referrerURL": "https://search.example/?q=acme",
                "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                "location": "Lisbon, Portugal"
            })
        );

        let detail = ConversationService::view(&app.db, &w.agent, w.conversation_id)
            .await
            .expect("detail");
        assert_eq!(detail.visitor.location.as_deref(), Some("Lisbon, Portugal"));

        // A later visit replaces the whole of the last one: what it does not say is not known.
        MessageService::create(
            &app,
            &w.agent,
            w.conversation_id,
            note_with(VisitorInput {
                ip: Some("203.0.113.9".into()),
                ..Default::default()
            }),
        )
        .await
        .expect("second visit");
        let detail = ConversationService::view(&app.db, &w.agent, w.conversation_id)
            .await
            .expect("detail");
        assert_eq!(detail.visitor.ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(detail.visitor.location, None);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_visit_is_refused_field_by_field_and_nothing_is_written() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "bad-visits").await;
        let before = ConversationService::view(&app.db, &w.agent, w.conversation_id)
            .await
            .expect("detail");
        let refused = MessageService::create(
            &app,
            &w.agent,
            w.conversation_id,
            note_with(VisitorInput {
                ip: Some("10.0.0.300".into()),
                page_url: Some("javascript:alert(1)".into()),
                referrer: Some("ftp://files.example".into()),
                user_agent: Some("x".repeat(1001)),
                location: Some("y".repeat(201)),
            }),
        )
        .await;
        let Err(ServiceError::Validation(errors)) = refused else {
            panic!("expected field errors, got {refused:?}");
        };
        for field in ["ip", "page_url", "referrer", "user_agent", "location"] {
            assert!(
                errors.get(&format!("visitor.{field}")).is_some(),
                "{field}: {errors:?}"
            );
        }
        let after = ConversationService::view(&app.db, &w.agent, w.conversation_id)
            .await
            .expect("detail");
        assert_eq!(
            after.messages.len(),
            before.messages.len(),
            "no message was written"
        );
        assert_eq!(after.visitor, before.visitor);
    })
    .await;
}

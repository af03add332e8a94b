//! "Why is this card empty?": for a contact and conversation, every integration of the team with
//! the rule that decided its card, from the same facts the runner uses — and nothing is called.

use crate::support::{World, allowing_loopback, attached, on_every_database, world};
use backend::services::integrations::IntegrationService;
use backend::services::integrations::breaker::BreakerRule;
use backend::services::integrations::diagnosis::explain_cards;
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use backend::{AppState, ServiceError};
use model::integration::diagnosis::{CardDiagnosis, CardRule};
use model::integration::{IntegrationInput, RunTrigger};
use serde_json::json;

fn input(name: &str, url: &str, extra: serde_json::Value) -> IntegrationInput {
    let mut fields = json!({"name": name, "url": url, "cache_minutes": 10});
    if let (Some(all), Some(more)) = (fields.as_object_mut(), extra.as_object()) {
        all.extend(more.clone());
    }
    serde_json::from_value(fields).expect("input")
}

fn sheet(w: &World, with_email: bool) -> RunRequest {
    RunRequest {
        contact_id: if with_email {
            w.contact_id
        } else {
            w.contact_without_email_id
        },
        conversation_id: Some(if with_email {
            w.conversation_id
        } else {
            w.conversation_without_email_id
        }),
        inbox_id: None,
        refresh: Refresh::No,
        trigger: RunTrigger::Profile,
    }
}

async fn explained(app: &AppState, w: &World, request: RunRequest) -> Vec<CardDiagnosis> {
    explain_cards(app, &w.admin, request)
        .await
        .expect("explained")
}

fn rule_of<'a>(list: &'a [CardDiagnosis], name: &str) -> &'a CardDiagnosis {
    list.iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name} is listed: {list:?}"))
}

#[tokio::test]
async fn cards_that_do_not_run_here_say_which_setting_keeps_them_off() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "why-settings").await;
        let crm = Stub::start(|_| Reply::json(200, r#"{"plan": "Gold"}"#)).await;
        let url = crm.url("/c/{{contact.email}}");
        let ids = attached(
            &app,
            &w,
            vec![
                input("Off here", &url, json!({})),
                input("Switched off", &url, json!({})),
                input("Hidden", &url, json!({"display_enabled": false})),
                input("Never ran", &url, json!({})),
            ],
        )
        .await;
        InboxLinkService::set_for_inbox(
            &db,
            &w.admin,
            w.inbox_id,
            &ids.iter()
                .map(|id| InboxLink {
                    integration_id: *id,
                    enabled: *id != ids[0],
                })
                .collect::<Vec<_>>(),
        )
        .await
        .expect("turn one off for the inbox");
        IntegrationService::set_active(&app, &w.admin, ids[1], false)
            .await
            .expect("switch off");
        IntegrationService::create(&app, &w.admin, input("Elsewhere", &url, json!({})))
            .await
            .expect("not attached");

        let list = explained(&app, &w, sheet(&w, true)).await;
        assert_eq!(list.len(), 5, "every integration of the team");
        assert_eq!(rule_of(&list, "Off here").rule, CardRule::OffForInbox);
        assert_eq!(rule_of(&list, "Switched off").rule, CardRule::Inactive);
        assert_eq!(rule_of(&list, "Hidden").rule, CardRule::DisplayOff);
        assert_eq!(rule_of(&list, "Never ran").rule, CardRule::NotRunYet);
        let elsewhere = rule_of(&list, "Elsewhere");
        assert_eq!(elsewhere.rule, CardRule::NotAttached);
        assert_eq!(elsewhere.words, "Not attached to the Support inbox.");
        assert_eq!(crm.total(), 0, "explaining calls nobody");
    })
    .await;
}

#[tokio::test]
async fn a_contact_without_email_is_told_apart_from_an_answer_that_was_empty_or_shown() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "why-email").await;
        let crm = Stub::start(|r| {
            if r.route().starts_with("empty/") {
                Reply::json(200, "{}")
            } else {
                Reply::json(200, r#"{"plan": "Gold"}"#)
            }
        })
        .await;
        attached(
            &app,
            &w,
            vec![
                input("Empty", &crm.url("/empty/{{contact.email}}"), json!({})),
                input("Full", &crm.url("/full/{{contact.email}}"), json!({})),
            ],
        )
        .await;
        runner::run_all(&app, &w.agent, sheet(&w, true))
            .await
            .expect("run");

        let with_email = explained(&app, &w, sheet(&w, true)).await;
        assert_eq!(rule_of(&with_email, "Empty").rule, CardRule::CachedEmpty);
        assert_eq!(rule_of(&with_email, "Full").rule, CardRule::Shown);

        let without = explained(&app, &w, sheet(&w, false)).await;
        let empty = rule_of(&without, "Empty");
        assert_eq!(empty.rule, CardRule::MissingValue);
        assert!(empty.words.contains("email"), "{}", empty.words);
    })
    .await;
}

#[tokio::test]
async fn a_failed_call_gives_its_status_and_hint_and_an_open_breaker_its_time() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db).with_breaker_rule(BreakerRule {
            failures: 1,
            cool_down: chrono::Duration::seconds(60),
        });
        let w = world(&db, "why-failed").await;
        let crm = Stub::start(|r| {
            if r.route().starts_with("missing/") {
                Reply::json(404, r#"{"error": "no such customer"}"#)
            } else {
                Reply::json(503, r#"{"error": "down"}"#)
            }
        })
        .await;
        attached(
            &app,
            &w,
            vec![
                input("Missing", &crm.url("/missing/{{contact.email}}"), json!({})),
                input("Down", &crm.url("/down/{{contact.email}}"), json!({})),
            ],
        )
        .await;
        runner::run_all(&app, &w.agent, sheet(&w, true))
            .await
            .expect("run");
        // The run log is written in the background.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;

        let list = explained(&app, &w, sheet(&w, true)).await;
        let missing = rule_of(&list, "Missing");
        assert_eq!(missing.rule, CardRule::UpstreamError);
        assert!(missing.words.contains("404"), "{}", missing.words);
        assert!(
            missing.words.contains("may not exist in the CRM"),
            "{}",
            missing.words
        );
        let down = rule_of(&list, "Down");
        assert_eq!(down.rule, CardRule::BreakerOpen);
        assert!(down.words.contains("waits until"), "{}", down.words);
    })
    .await;
}

#[tokio::test]
async fn an_address_the_outbound_rules_refuse_is_blocked_and_only_admins_may_ask() {
    on_every_database(async |db| {
        // Loopback is not allowed here: `localhost` resolves to it at call time.
        let app = AppState::for_tests(&db);
        let w = world(&db, "why-blocked").await;
        attached(
            &app,
            &w,
            vec![input(
                "Local",
                "http://localhost:9/c/{{contact.email}}",
                json!({}),
            )],
        )
        .await;
        runner::run_all(&app, &w.agent, sheet(&w, true))
            .await
            .expect("run");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let list = explained(&app, &w, sheet(&w, true)).await;
        let local = rule_of(&list, "Local");
        assert_eq!(local.rule, CardRule::Blocked, "{}", local.words);
        assert!(local.words.contains("outbound rules"), "{}", local.words);

        let agent = explain_cards(&app, &w.agent, sheet(&w, true)).await;
        assert!(
            matches!(agent, Err(ServiceError::Forbidden(_))),
            "{agent:?}"
        );
    })
    .await;
}

//! Run conditions: an integration runs on a sheet only when all of its conditions hold; a card
//! whose conditions fail is left off the sheet or says which one failed, as the integration
//! chooses; pre-warming and "why is this card empty?" follow the same rule.

use crate::support::{World, allowing_loopback, attached, on_every_database, world};
use backend::AppState;
use backend::services::integrations::IntegrationService;
use backend::services::integrations::diagnosis::explain_cards;
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use model::integration::diagnosis::CardRule;
use model::integration::{IntegrationInput, IntegrationResult, RunStatus, RunTrigger};
use serde_json::json;

async fn crm() -> Stub {
    Stub::start(|_| Reply::json(200, r#"{"plan": "Gold"}"#)).await
}

/// An integration on the CRM stub with `conditions`, as the API takes it.
fn with_conditions(
    crm: &Stub,
    name: &str,
    conditions: serde_json::Value,
    skipped_card: &str,
) -> IntegrationInput {
    serde_json::from_value(json!({
        "name": name,
        "url": crm.url(&format!("/{name}/{{{{contact.id}}}}")),
        "run_conditions": conditions,
        "skipped_card": skipped_card,
    }))
    .expect("input")
}

async fn sheet(app: &AppState, w: &World) -> Vec<IntegrationResult> {
    runner::run_all(
        app,
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
    .expect("run")
}

#[tokio::test]
async fn an_integration_runs_only_when_every_condition_holds() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "conditions-run").await;
        let crm = crm().await;
        // The world's conversation is active, in the Support inbox, with a contact with email.
        let inputs = vec![
            with_conditions(
                &crm,
                "holds",
                json!([
                    {"path": "conversation.status", "op": "equals", "value": "active"},
                    {"path": "inbox.name", "op": "equals", "value": "support"},
                    {"path": "contact.email", "op": "exists"},
                ]),
                "hide",
            ),
            with_conditions(
                &crm,
                "hidden",
                json!([{"path": "conversation.status", "op": "equals", "value": "closed"}]),
                "hide",
            ),
            with_conditions(
                &crm,
                "explained",
                json!([
                    {"path": "contact.email", "op": "exists"},
                    {"path": "contact.attributes.plan", "op": "equals", "value": "enterprise"},
                ]),
                "explain",
            ),
        ];
        attached(&app, &w, inputs).await;

        let results = sheet(&app, &w).await;
        let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["holds", "explained"],
            "the hidden card is not on the sheet"
        );
        assert_eq!(results[0].status, RunStatus::Ok);
        assert_eq!(
            (results[0].position, results[1].position),
            (0, 1),
            "positions stay consecutive"
        );
        assert_eq!(results[1].status, RunStatus::Skipped);
        assert_eq!(
            results[1].error.as_deref(),
            Some("Runs only when contact.attributes.plan equals \"enterprise\".")
        );
        assert_eq!(crm.hits(&format!("holds/{}", w.contact_id)), 1);
        assert_eq!(crm.total(), 1, "neither skipped integration was called");
    })
    .await;
}

#[tokio::test]
async fn the_panel_names_the_condition_that_failed_and_bad_conditions_are_refused() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "conditions-panel").await;
        let crm = crm().await;
        let billing_only = with_conditions(
            &crm,
            "billing-only",
            json!([{"path": "inbox.name", "op": "equals", "value": "Billing"}]),
            "hide",
        );
        attached(&app, &w, vec![billing_only]).await;
        let request = RunRequest {
            contact_id: w.contact_id,
            conversation_id: Some(w.conversation_id),
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        };
        let panel = explain_cards(&app, &w.admin, request)
            .await
            .expect("explained");
        assert_eq!(panel[0].rule, CardRule::ConditionFalse);
        assert_eq!(
            panel[0].words,
            "Not run: it runs only when inbox.name equals \"Billing\"."
        );

        let refused = IntegrationService::create(
            &app,
            &w.admin,
            serde_json::from_value(json!({
                "name": "Bad",
                "url": crm.url("/x"),
                "run_conditions": [
                    {"path": "contact.password", "op": "exists"},
                    {"path": "conversation.status", "op": "equals"},
                ],
            }))
            .expect("input"),
        )
        .await;
        let Err(backend::ServiceError::Validation(errors)) = refused else {
            panic!("refused: {refused:?}");
        };
        let fields: Vec<&str> = errors.0.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            vec!["run_conditions.0.path", "run_conditions.1.value"]
        );
    })
    .await;
}

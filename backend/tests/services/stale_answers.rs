//! Cards that stay useful when the API fails (stale-while-error): a call that fails because the
//! API is not answering — a 5xx, a 429, a timeout — shows the last good answer for the same
//! request, labelled with why; a call that can never succeed as made (a 404) shows its error, and
//! so does an integration whose stale limit is 0.

use crate::support::{World, allowing_loopback, attached, on_every_database, world};
use backend::AppState;
use backend::services::integrations::breaker::BreakerRule;
use backend::services::integrations::run_log;
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use model::integration::stale::Unavailability;
use model::integration::{IntegrationResult, RunStatus, RunTrigger};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::Duration;

/// A CRM whose answer an atomic switch decides: 200 with the customer, another status, or
/// (0) no answer before the timeout.
async fn switchable_crm() -> (Stub, Arc<AtomicU16>) {
    let mode = Arc::new(AtomicU16::new(200));
    let switch = mode.clone();
    let stub = Stub::start(move |_| match switch.load(Ordering::SeqCst) {
        200 => Reply::json(
            200,
            json!({"plan": "Premium", "lifetime_value": 2850}).to_string(),
        ),
        0 => Reply::silent(),
        status => Reply::json(status, r#"{"error": "maintenance"}"#),
    })
    .await;
    (stub, mode)
}

async fn integration(app: &AppState, w: &World, url: &str, cache: u32, stale: u32) -> i64 {
    let input = serde_json::from_value(json!({
        "name": format!("CRM {cache}/{stale}"),
        "url": url,
        "cache_minutes": cache,
        "stale_minutes": stale,
        "timeout_seconds": 1,
    }))
    .expect("input");
    attached(app, w, vec![input]).await[0]
}

async fn open_sheet(app: &AppState, w: &World, refresh: Refresh) -> IntegrationResult {
    let mut results = runner::run_all(
        app,
        &w.agent,
        RunRequest {
            contact_id: w.contact_id,
            conversation_id: Some(w.conversation_id),
            inbox_id: None,
            refresh,
            trigger: RunTrigger::Profile,
        },
    )
    .await
    .expect("run");
    assert_eq!(results.len(), 1);
    results.remove(0)
}

#[tokio::test]
async fn a_failing_api_shows_the_last_good_answer_labelled_with_why() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "stale").await;
        let (crm, mode) = switchable_crm().await;
        // No cache: every opening calls the CRM, so each failure is met afresh.
        integration(&app, &w, &crm.url("/customers/x"), 0, 1440).await;

        let good = open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(good.status, RunStatus::Ok);
        assert!(good.stale.is_none());

        for (status, because) in [
            (503, Unavailability::Status),
            (500, Unavailability::Status),
            (429, Unavailability::Status),
            (0, Unavailability::TimedOut),
        ] {
            mode.store(status, Ordering::SeqCst);
            let card = open_sheet(&app, &w, Refresh::No).await;
            assert_eq!(card.status, RunStatus::Ok, "{status}: the last good answer");
            assert_eq!(card.data, good.data, "{status}");
            assert!(card.from_cache);
            assert_eq!(card.fetched_at, good.fetched_at, "{status}: its own time");
            let stale = card.stale.clone().expect("labelled as stale");
            assert_eq!(stale.because, because, "{status}");
            let label = card.stale_label().unwrap_or_default();
            match status {
                0 => assert!(
                    label.ends_with("the CRM did not answer in time."),
                    "{label}"
                ),
                429 => assert!(
                    label.ends_with("the CRM is limiting requests (429)."),
                    "{label}"
                ),
                s => assert!(
                    label.ends_with(&format!("the CRM is not answering ({s}).")),
                    "{label}"
                ),
            }
            assert!(label.starts_with("From just now — "), "{label}");
        }

        // A 404 is not the API being down: its error shows.
        mode.store(404, Ordering::SeqCst);
        let missing = open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(missing.status, RunStatus::Error);
        assert!(missing.stale.is_none());

        // Back up: fresh data, no label.
        mode.store(200, Ordering::SeqCst);
        let fresh = open_sheet(&app, &w, Refresh::No).await;
        assert!(fresh.stale.is_none() && !fresh.from_cache);
        assert!(fresh.fetched_at > good.fetched_at);
    })
    .await;
}

#[tokio::test]
async fn a_refresh_of_a_cached_card_falls_back_too_and_a_stale_limit_of_0_never_does() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "stale-refresh").await;
        let (crm, mode) = switchable_crm().await;
        let cached = integration(&app, &w, &crm.url("/customers/cached"), 15, 60).await;
        let good = open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(good.status, RunStatus::Ok);

        mode.store(502, Ordering::SeqCst);
        let refreshed = open_sheet(&app, &w, Refresh::One(cached)).await;
        assert_eq!(refreshed.status, RunStatus::Ok, "{refreshed:?}");
        assert_eq!(refreshed.stale.map(|s| s.http_status), Some(Some(502)));
        assert_eq!(crm.requests().len(), 2, "the refresh did call");

        // The run log keeps the failed call, not the answer shown (both entries are written in
        // the background, in whichever order they finish).
        let mut kept = Vec::new();
        for _ in 0..100 {
            let log = run_log::entries(&app.db, &w.admin, cached)
                .await
                .expect("run log");
            if log.len() == 2 {
                kept = log.iter().map(|r| (r.status, r.http_status)).collect();
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        kept.sort_by_key(|(status, _)| status.as_str());
        assert_eq!(
            kept,
            vec![(RunStatus::Error, Some(502)), (RunStatus::Ok, Some(200))]
        );

        // An integration that never shows stale answers: the error.
        let w2 = world(&db, "stale-never").await;
        mode.store(200, Ordering::SeqCst);
        integration(&app, &w2, &crm.url("/customers/never"), 0, 0).await;
        assert_eq!(
            open_sheet(&app, &w2, Refresh::No).await.status,
            RunStatus::Ok
        );
        mode.store(503, Ordering::SeqCst);
        let failed = open_sheet(&app, &w2, Refresh::No).await;
        assert_eq!(failed.status, RunStatus::Error);
        assert_eq!(failed.http_status, Some(503));
    })
    .await;
}

#[tokio::test]
async fn with_revalidate_the_last_answer_shows_at_once_and_the_fresh_one_follows() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "revalidate").await;
        let plan = Arc::new(std::sync::Mutex::new("Premium"));
        let current = plan.clone();
        let crm = Stub::start(move |_| {
            let plan = current.lock().map(|p| *p).unwrap_or_default();
            Reply::json(200, json!({ "plan": plan }).to_string()).after(Duration::from_millis(300))
        })
        .await;
        let input = serde_json::from_value(json!({
            "name": "Revalidating CRM",
            "url": crm.url("/customers/r"),
            "cache_minutes": 0,
            "revalidate": true,
            "timeout_seconds": 2,
        }))
        .expect("input");
        attached(&app, &w, vec![input]).await;
        let request = RunRequest {
            contact_id: w.contact_id,
            conversation_id: Some(w.conversation_id),
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        };
        // Nothing kept yet: one result, fetched.
        let mut first = runner::start(&app, &w.agent, request).await.expect("run");
        let only = first.results.recv().await.expect("a result");
        assert!(!only.revalidating && only.data == Some(json!({"plan": "Premium"})));
        assert!(first.results.recv().await.is_none(), "no second result");

        if let Ok(mut p) = plan.lock() {
            *p = "Enterprise";
        }
        let mut second = runner::start(&app, &w.agent, request).await.expect("run");
        let early = second.results.recv().await.expect("the kept answer");
        assert!(early.revalidating, "{early:?}");
        assert_eq!(early.data, Some(json!({"plan": "Premium"})));
        assert!(
            early.duration_ms < 300,
            "before the call returned: {early:?}"
        );
        let fresh = second.results.recv().await.expect("the fresh answer");
        assert!(!fresh.revalidating);
        assert_eq!(fresh.data, Some(json!({"plan": "Enterprise"})));

        // The REST API's run waits for the last result of each card.
        let all = runner::run_all(&app, &w.agent, request).await.expect("run");
        assert_eq!(all.len(), 1);
        assert!(!all[0].revalidating);
    })
    .await;
}

/// The value `/metrics` shows for `name` of integration `id`.
fn figure(app: &AppState, name: &str, id: i64) -> Option<f64> {
    let label = format!("integration_id=\"{id}\"");
    app.metrics
        .render(0, 0)
        .lines()
        .find(|l| l.starts_with(&format!("{name}{{")) && l.contains(&label))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

#[tokio::test]
async fn the_breaker_opens_after_failures_refuses_without_calling_and_a_probe_closes_it() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db).with_breaker_rule(BreakerRule {
            failures: 3,
            cool_down: chrono::Duration::milliseconds(800),
        });
        let w = world(&db, "breaker").await;
        let (crm, mode) = switchable_crm().await;
        let id = integration(&app, &w, &crm.url("/customers/b"), 0, 1440).await;
        assert_eq!(
            open_sheet(&app, &w, Refresh::No).await.status,
            RunStatus::Ok
        );

        mode.store(503, Ordering::SeqCst);
        for _ in 0..3 {
            let card = open_sheet(&app, &w, Refresh::No).await;
            assert_eq!(card.stale.map(|s| s.because), Some(Unavailability::Status));
        }
        assert_eq!(crm.requests().len(), 4);

        // Open: neither opening the sheet nor ⟲ calls; the card says when it will try.
        for refresh in [Refresh::No, Refresh::One(id)] {
            let card = open_sheet(&app, &w, refresh).await;
            assert_eq!(card.status, RunStatus::Ok, "the last good answer");
            let stale = card.stale.clone().expect("stale");
            assert_eq!(stale.because, Unavailability::BreakerOpen);
            assert!(stale.retry_at.is_some());
            let label = card.stale_label().unwrap_or_default();
            assert!(
                label.contains("the CRM is unavailable; trying again at "),
                "{label}"
            );
        }
        assert_eq!(crm.requests().len(), 4, "no call while open");
        // An operator sees it at /metrics: the breaker is open, five stale answers were served.
        assert_eq!(
            figure(&app, "chatlane_integration_breaker_open", id),
            Some(1.0)
        );
        assert_eq!(
            figure(&app, "chatlane_integration_stale_answers_total", id),
            Some(5.0)
        );

        // After the cool-down one probe: it fails, and the breaker opens again at once.
        tokio::time::sleep(Duration::from_millis(900)).await;
        open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(crm.requests().len(), 5, "one probe");
        open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(crm.requests().len(), 5, "open again");

        // The next probe succeeds: closed, and calls flow again.
        tokio::time::sleep(Duration::from_millis(900)).await;
        mode.store(200, Ordering::SeqCst);
        let probe = open_sheet(&app, &w, Refresh::No).await;
        assert!(probe.stale.is_none(), "{probe:?}");
        open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(crm.requests().len(), 7, "closed");
        assert_eq!(
            figure(&app, "chatlane_integration_breaker_open", id),
            Some(0.0)
        );

        // Without a last good answer, an open breaker is an error that says when it will try.
        let fresh_world = world(&db, "breaker-bare").await;
        mode.store(503, Ordering::SeqCst);
        integration(&app, &fresh_world, &crm.url("/customers/bare"), 0, 0).await;
        for _ in 0..3 {
            open_sheet(&app, &fresh_world, Refresh::No).await;
        }
        let refused = open_sheet(&app, &fresh_world, Refresh::No).await;
        assert_eq!(refused.status, RunStatus::Error);
        assert!(
            refused
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("The CRM is unavailable; trying again at ")),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn every_failed_card_explains_itself_to_the_agent() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let crm = Stub::start(|r| match r.route().as_str() {
            "limited" => Reply::json(429, r#"{"error": "slow down"}"#).retry_after("120"),
            _ => Reply::silent(),
        })
        .await;
        let cases = [
            (crm.url("/limited"), "it will answer again in 2 min."),
            (crm.url("/hang"), "did not answer in time"),
        ];
        for (url, words) in cases {
            let w = world(&db, &format!("explained-{}", words.len())).await;
            integration(&app, &w, &url, 0, 0).await;
            let card = open_sheet(&app, &w, Refresh::No).await;
            assert_eq!(card.status, RunStatus::Error, "{url}");
            let explanation = card.explanation().unwrap_or_default();
            assert!(explanation.contains(words), "{url}: {explanation}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_upstream_never_gets_more_than_its_budget_under_200_concurrent_openings() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "budget").await;
        let crm = Stub::start(|_| Reply::json(200, r#"{"plan": "Premium"}"#)).await;
        let input = serde_json::from_value(json!({
            "name": "Budgeted CRM",
            "url": crm.url("/customers/{{contact.id}}"),
            "calls_per_minute": 20,
            "timeout_seconds": 2,
        }))
        .expect("input");
        attached(&app, &w, vec![input]).await;
        let mut contacts = Vec::new();
        for i in 0..200 {
            let contact = backend::services::contacts::ContactService::create(
                &app,
                w.admin.team_id,
                backend::services::contacts::NewContact {
                    name: format!("Visitor {i}"),
                    ..Default::default()
                },
            )
            .await
            .expect("contact");
            contacts.push(contact.id);
        }
        let opens = contacts.iter().map(|&contact_id| {
            runner::run_all(
                &app,
                &w.agent,
                RunRequest {
                    contact_id,
                    conversation_id: None,
                    inbox_id: Some(w.inbox_id),
                    refresh: Refresh::No,
                    trigger: RunTrigger::Profile,
                },
            )
        });
        let started = std::time::Instant::now();
        let results: Vec<IntegrationResult> = futures_util::future::join_all(opens)
            .await
            .into_iter()
            .map(|r| r.expect("run").remove(0))
            .collect();
        let calls = crm.requests().len();
        // 20 at once, then one more every 3 s while the openings last (a slow machine spreads
        // them out), never more.
        let refilled = usize::try_from(started.elapsed().as_secs() / 3).unwrap_or(0) + 1;
        assert!(
            (20..=20 + refilled).contains(&calls),
            "{calls} calls in {:?}",
            started.elapsed()
        );
        let served = results.iter().filter(|r| r.status == RunStatus::Ok).count();
        assert_eq!(served, calls);
        for r in results.iter().filter(|r| r.status != RunStatus::Ok) {
            assert_eq!(
                r.failure,
                Some(model::integration::stale::FailureKind::OverBudget)
            );
            let error = r.error.clone().unwrap_or_default();
            assert!(
                error.starts_with("Over this integration's budget of 20 calls a minute"),
                "{error}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn each_integration_sets_its_own_breaker_rule_and_bad_values_are_refused() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "own-rule").await;
        let (crm, mode) = switchable_crm().await;
        mode.store(503, Ordering::SeqCst);
        let input = serde_json::from_value(json!({
            "name": "Fragile CRM",
            "url": crm.url("/customers/f"),
            "stale_minutes": 0,
            "breaker_failures": 2,
            "breaker_cooldown_seconds": 60,
            "timeout_seconds": 1,
        }))
        .expect("input");
        attached(&app, &w, vec![input]).await;
        for _ in 0..2 {
            open_sheet(&app, &w, Refresh::No).await;
        }
        let refused = open_sheet(&app, &w, Refresh::No).await;
        assert_eq!(crm.requests().len(), 2, "open after its own 2 failures");
        assert_eq!(
            refused.failure,
            Some(model::integration::stale::FailureKind::BreakerOpen)
        );

        let bad = serde_json::from_value(json!({
            "name": "Bad rule",
            "url": crm.url("/customers/x"),
            "breaker_failures": 0,
            "breaker_cooldown_seconds": 1,
        }))
        .expect("input");
        let refused =
            backend::services::integrations::IntegrationService::create(&app, &w.admin, bad).await;
        let Err(backend::ServiceError::Validation(errors)) = refused else {
            panic!("expected field errors, got {refused:?}");
        };
        assert_eq!(
            errors.get("breaker_failures"),
            Some("From 1 to 100 failures in a row.")
        );
        assert_eq!(
            errors.get("breaker_cooldown_seconds"),
            Some("From 5 to 3600 seconds.")
        );
    })
    .await;
}

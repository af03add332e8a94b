//! Integration health: what the runner sees is tallied per minute on each replica, written once a
//! minute (whole minutes only; everything at shutdown), added up across replicas by the console,
//! with the last failures in words, and pruned after 8 days.

use crate::support::{allowing_loopback, attached, on_every_database, world};
use backend::ServiceError;
use backend::services::integrations::health::recorder::prune;
use backend::services::integrations::health::report::report;
use backend::services::integrations::health::{HealthRecorder, Observation};
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use chrono::{DateTime, Duration, TimeZone, Utc};
use model::integration::RunTrigger;
use model::integration::health::HealthWindow;
use serde_json::json;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, h, m, s)
        .single()
        .expect("a time")
}

/// What the console shows from the rows alone (a replica with nothing unwritten).
async fn written(
    db: &sea_orm::DatabaseConnection,
    w: &crate::support::World,
    window: HealthWindow,
    now: DateTime<Utc>,
) -> model::integration::health::HealthReport {
    report(db, &HealthRecorder::new(), &w.admin, window, now)
        .await
        .expect("report")
}

#[tokio::test]
async fn two_replicas_writing_the_same_minute_add_up_in_the_console() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "health-replicas").await;
        let input = serde_json::from_value(json!({"name": "CRM", "url": "http://127.0.0.1:9/x"}))
            .expect("input");
        let id = attached(&app, &w, vec![input]).await[0];
        let (one, two) = (HealthRecorder::new(), HealthRecorder::new());
        let team = w.admin.team_id;
        for _ in 0..3 {
            one.note(
                team,
                id,
                at(10, 0, 5),
                Observation::Call { ok: true, ms: 40 },
            );
        }
        one.note(team, id, at(10, 0, 30), Observation::CacheHit);
        two.note(
            team,
            id,
            at(10, 0, 59),
            Observation::Call { ok: false, ms: 900 },
        );
        two.note(team, id, at(10, 0, 59), Observation::BreakerOpened);
        two.note(team, id, at(10, 0, 59), Observation::StaleServed);
        assert_eq!(one.flush(&db, at(10, 1, 0)).await.expect("flush"), 1);
        assert_eq!(two.flush(&db, at(10, 1, 0)).await.expect("flush"), 1);
        assert_eq!(
            one.flush(&db, at(10, 2, 0)).await.expect("flush"),
            0,
            "a minute is written once"
        );

        let seen = written(&db, &w, HealthWindow::Hour, at(10, 30, 0)).await;
        let crm = &seen.integrations[0];
        assert_eq!(crm.integration_id, id);
        let t = &crm.tally;
        assert_eq!((t.calls, t.failures, t.cache_hits), (4, 1, 1));
        assert_eq!((t.stale_served, t.breaker_openings), (1, 1));
        assert_eq!(t.success_rate(), Some(0.75));
        assert!(t.percentile_ms(0.5).is_some_and(|p| (25..=50).contains(&p)));
        assert!(
            t.percentile_ms(0.95)
                .is_some_and(|p| (500..=1000).contains(&p))
        );
        assert_eq!(crm.points.iter().map(|p| p.calls).sum::<u64>(), 4);

        let later = written(&db, &w, HealthWindow::Hour, at(11, 1, 0)).await;
        assert_eq!(later.integrations[0].tally.calls, 0, "out of the last hour");
        let day = written(&db, &w, HealthWindow::Day, at(11, 1, 0)).await;
        assert_eq!(
            day.integrations[0].tally.calls, 4,
            "still in the last 24 hours"
        );
    })
    .await;
}

#[tokio::test]
async fn the_current_minute_waits_for_the_next_flush_but_the_console_shows_it_at_once() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "health-pending").await;
        let input = serde_json::from_value(json!({"name": "CRM", "url": "http://127.0.0.1:9/x"}))
            .expect("input");
        let id = attached(&app, &w, vec![input]).await[0];
        let recorder = HealthRecorder::new();
        recorder.note(
            w.admin.team_id,
            id,
            at(9, 0, 10),
            Observation::Call { ok: true, ms: 5 },
        );
        assert_eq!(recorder.flush(&db, at(9, 0, 50)).await.expect("flush"), 0);
        let seen = report(&db, &recorder, &w.admin, HealthWindow::Hour, at(9, 0, 50))
            .await
            .expect("report");
        assert_eq!(seen.integrations[0].tally.calls, 1);
        assert_eq!(recorder.flush_all(&db).await.expect("shutdown"), 1);
        let after = written(&db, &w, HealthWindow::Hour, at(9, 0, 50)).await;
        assert_eq!(after.integrations[0].tally.calls, 1, "written at shutdown");
    })
    .await;
}

#[tokio::test]
async fn minutes_older_than_eight_days_are_pruned() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "health-prune").await;
        let input = serde_json::from_value(json!({"name": "CRM", "url": "http://127.0.0.1:9/x"}))
            .expect("input");
        let id = attached(&app, &w, vec![input]).await[0];
        let recorder = HealthRecorder::new();
        let now = at(12, 0, 0);
        let old = now - Duration::days(8) - Duration::minutes(1);
        let kept = now - Duration::days(6);
        recorder.note(w.admin.team_id, id, old, Observation::CacheHit);
        recorder.note(w.admin.team_id, id, kept, Observation::CacheHit);
        recorder.flush(&db, now).await.expect("flush");
        assert_eq!(prune(&db, now).await.expect("prune"), 1);
        let week = report(&db, &recorder, &w.admin, HealthWindow::Week, now)
            .await
            .expect("report");
        assert_eq!(week.integrations[0].tally.cache_hits, 1);
    })
    .await;
}

#[tokio::test]
async fn opening_sheets_counts_calls_cache_hits_and_the_failures_in_words() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "health-runs").await;
        let crm = Stub::scripted([Reply::json(200, r#"{"plan": "Gold"}"#)], |_| {
            Reply::json(503, r#"{"error": "down"}"#)
        })
        .await;
        let input = serde_json::from_value(json!({
            "name": "Billing",
            "url": crm.url("/customers/{{contact.email}}"),
            "cache_minutes": 10,
        }))
        .expect("input");
        let id = attached(&app, &w, vec![input]).await[0];
        let request = RunRequest {
            contact_id: w.contact_id,
            conversation_id: Some(w.conversation_id),
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        };
        runner::run_all(&app, &w.agent, request)
            .await
            .expect("fresh");
        runner::run_all(&app, &w.agent, request)
            .await
            .expect("cached");
        let refresh = RunRequest {
            refresh: Refresh::All,
            trigger: RunTrigger::Refresh,
            ..request
        };
        let stale = runner::run_all(&app, &w.agent, refresh)
            .await
            .expect("failed");
        assert!(stale[0].stale.is_some(), "the last good answer is shown");
        // The run log is written in the background.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;

        let seen = report(&db, &app.health, &w.admin, HealthWindow::Hour, Utc::now())
            .await
            .expect("report");
        let billing = seen
            .integrations
            .iter()
            .find(|i| i.integration_id == id)
            .expect("listed");
        let t = &billing.tally;
        assert_eq!((t.calls, t.failures), (2, 1));
        assert_eq!((t.cache_hits, t.stale_served), (1, 1));
        assert_eq!(billing.last_failures.len(), 1);
        assert_eq!(billing.last_failures[0].http_status, Some(503));
        assert!(
            billing.last_failures[0].reason.contains("503"),
            "{}",
            billing.last_failures[0].reason
        );
    })
    .await;
}

#[tokio::test]
async fn only_admins_see_the_console_and_only_their_own_teams_integrations() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let ours = world(&db, "health-ours").await;
        let theirs = world(&db, "health-theirs").await;
        let input =
            serde_json::from_value(json!({"name": "Theirs", "url": "http://127.0.0.1:9/x"}))
                .expect("input");
        let id = attached(&app, &theirs, vec![input]).await[0];
        app.health
            .note(theirs.admin.team_id, id, Utc::now(), Observation::CacheHit);
        let seen = report(&db, &app.health, &ours.admin, HealthWindow::Day, Utc::now())
            .await
            .expect("report");
        assert!(seen.integrations.is_empty());
        let refused = report(&db, &app.health, &ours.agent, HealthWindow::Day, Utc::now()).await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{refused:?}"
        );
    })
    .await;
}

/// The team's `integration.health_changed` events, oldest first, once `expected` are there.
async fn health_events(
    db: &sea_orm::DatabaseConnection,
    team_id: i64,
    expected: usize,
) -> Vec<serde_json::Value> {
    use backend::entities::team_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    // They are announced in the background of the call that changed the health.
    for _ in 0..50 {
        let found: Vec<serde_json::Value> = team_event::Entity::find()
            .filter(team_event::Column::TeamId.eq(team_id))
            .filter(team_event::Column::EventType.eq("integration.health_changed"))
            .order_by_asc(team_event::Column::Id)
            .all(db)
            .await
            .expect("events")
            .into_iter()
            .map(|e| e.data)
            .collect();
        if found.len() >= expected {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {expected} health events");
}

#[tokio::test]
async fn a_breaker_opening_is_announced_once_across_replicas_and_recovery_too() {
    use backend::services::integrations::breaker::BreakerRule;
    use backend::services::webhooks::WebhookService;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU16, Ordering};
    on_every_database(async |db| {
        let rule = BreakerRule {
            failures: 2,
            cool_down: chrono::Duration::seconds(0),
        };
        // Two replicas: one database, a breaker each.
        let one = allowing_loopback(&db).with_breaker_rule(rule);
        let two = allowing_loopback(&db).with_breaker_rule(rule);
        let w = world(&db, "health-event").await;
        let status = Arc::new(AtomicU16::new(503));
        let switch = status.clone();
        let crm = Stub::start(move |_| match switch.load(Ordering::SeqCst) {
            200 => Reply::json(200, r#"{"plan": "Gold"}"#),
            s => Reply::json(s, r#"{"error": "down"}"#),
        })
        .await;
        let input = serde_json::from_value(json!({
            "name": "Billing",
            "url": crm.url("/c/{{contact.email}}"),
            "stale_minutes": 0,
        }))
        .expect("input");
        let id = attached(&one, &w, vec![input]).await[0];
        let hook: model::webhook::WebhookInput = serde_json::from_value(json!({
            "url": "http://127.0.0.1:9/hook",
            "events": ["integration.health_changed"],
        }))
        .expect("webhook");
        WebhookService::create(&one, &w.admin, hook)
            .await
            .expect("subscribed");
        let request = RunRequest {
            contact_id: w.contact_id,
            conversation_id: Some(w.conversation_id),
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        };
        for replica in [&one, &two] {
            for _ in 0..2 {
                runner::run_all(replica, &w.agent, request)
                    .await
                    .expect("run");
            }
        }
        let events = health_events(&db, w.admin.team_id, 1).await;
        // Give a second announcement the time it would need to land.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let events_now = health_events(&db, w.admin.team_id, 1).await;
        assert_eq!(
            events_now.len(),
            1,
            "one event for two replicas: {events_now:?}"
        );
        let degraded = &events[0];
        assert_eq!(degraded["id"], id);
        assert_eq!(degraded["name"], "Billing");
        assert_eq!(degraded["health"], "degraded");
        assert_eq!(degraded["failures_in_a_row"], 2);
        assert_eq!(degraded["breaker_threshold"], 2);
        assert_eq!(degraded["http_status"], 503);
        assert!(
            degraded["reason"]
                .as_str()
                .is_some_and(|r| r.starts_with("2 calls in a row failed") && r.contains("503")),
            "{degraded}"
        );

        // The API answers again: the next call (the probe, the cool-down being 0) recovers it.
        status.store(200, Ordering::SeqCst);
        runner::run_all(&one, &w.agent, request)
            .await
            .expect("probe");
        let events = health_events(&db, w.admin.team_id, 2).await;
        assert_eq!(events[1]["health"], "recovered");
        assert_eq!(events[1]["failures_in_a_row"], 0);

        // Both reached the webhook's outbox.
        use sea_orm::EntityTrait;
        let queued = backend::entities::webhook_delivery::Entity::find()
            .all(&db)
            .await
            .expect("deliveries");
        assert_eq!(
            queued
                .iter()
                .filter(|d| d.event_type == "integration.health_changed")
                .count(),
            2
        );
    })
    .await;
}

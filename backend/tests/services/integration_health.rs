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

        let seen = report(
            &db,
            &HealthRecorder::new(),
            &w.admin,
            HealthWindow::Hour,
            at(10, 30, 0),
        )
        .await
        .expect("report");
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

        let later = report(
            &db,
            &HealthRecorder::new(),
            &w.admin,
            HealthWindow::Hour,
            at(11, 1, 0),
        )
        .await
        .expect("report");
        assert_eq!(later.integrations[0].tally.calls, 0, "out of the last hour");
        let day = report(
            &db,
            &HealthRecorder::new(),
            &w.admin,
            HealthWindow::Day,
            at(11, 1, 0),
        )
        .await
        .expect("report");
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
        let after = report(
            &db,
            &HealthRecorder::new(),
            &w.admin,
            HealthWindow::Hour,
            at(9, 0, 50),
        )
        .await
        .expect("report");
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

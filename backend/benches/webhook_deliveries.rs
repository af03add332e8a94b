//! Webhook throughput: events queued in the outbox (as a change writes them: a reference, the body
//! rendered at the first attempt) and delivered by one server's worker rounds — claim with a
//! lease, sign, POST to a receiver on loopback answering 200, record the attempt — until none is
//! left. Prints deliveries per second (target ≥ 1,000/s) with the outbox on a SQLite file (WAL)
//! and, when `DATABASE_URL_TEST_PG` names a server, on a fresh PostgreSQL database.
//!
//! Then the latency from a commit to the receiver, one event at a time with the server's worker
//! running: woken by the live hub's reader as `serve` runs it (goal: median ≤ 100 ms), and by the
//! worker's 2 s poll alone, as before the hub woke it, for comparison.
//!
//! Run with `make bench`; prints pass or fail against the goals and asserts nothing.

#[path = "support/postgres.rs"]
mod scratch_postgres;
mod support;

use backend::events::{self, Change};
use backend::services::teams::TeamService;
use backend::services::webhooks::payload::{ReferenceOnly, Renderer};
use backend::services::webhooks::{WebhookService, outbox, worker};
use backend::test_support::event_about;
use backend::test_support::stub::{Reply, Stub};
use backend::{Actor, AppState, DatabaseConnection, db};
use chrono::Utc;
use model::Role;
use model::webhook::{EventType, WebhookInput};
use sea_orm::TransactionTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const EVENTS: usize = 5_000;

/// A receiver on the scripted stub answering 200 to every request, after calling `on_post`.
async fn receiver(on_post: impl Fn() + Send + Sync + 'static) -> String {
    let stub = Stub::start(move |_| {
        on_post();
        Reply::ok()
    })
    .await;
    stub.url("/hook")
}

/// A team named `slug` with an admin, and a webhook of theirs to `url` for `event`.
async fn team_with_webhook(app: &AppState, slug: &str, url: String, event: &str) -> i64 {
    let team = TeamService::ensure_team(&app.db, slug, slug)
        .await
        .expect("team");
    let user = TeamService::upsert_user(
        &app.db,
        &format!("{slug}@example.com"),
        "Bench",
        "benchmark password",
    )
    .await
    .expect("user");
    TeamService::set_membership(&app.db, team.id, user.id, Role::Admin)
        .await
        .expect("member");
    let admin = Actor {
        user_id: user.id,
        team_id: team.id,
        role: Role::Admin,
    };
    let input = WebhookInput {
        url,
        description: "Bench".into(),
        events: vec![event.into()],
        is_active: true,
        include_internal_notes: false,
        payload_format: String::new(),
    };
    WebhookService::create(app, &admin, input)
        .await
        .expect("webhook");
    team.id
}

/// Queues [`EVENTS`] events in transactions of 100, then delivers them all; deliveries per second.
async fn run(label: &str, connection: DatabaseConnection) {
    let app = support::state(connection, 8);
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let url = receiver(move || {
        counter.fetch_add(1, Ordering::Relaxed);
    })
    .await;
    let team_id = team_with_webhook(&app, "bench", url, "contact.created").await;
    for chunk in 0..EVENTS / 100 {
        let txn = app.db.begin().await.expect("begin");
        for i in 0..100 {
            let data = event_about(EventType::ContactCreated, (chunk * 100 + i) as i64);
            outbox::enqueue(&txn, team_id, &data)
                .await
                .expect("enqueue");
        }
        txn.commit().await.expect("commit");
    }
    let renderer: Renderer = Arc::new(ReferenceOnly);
    let started = Instant::now();
    let mut attempted = 0;
    while attempted < EVENTS {
        let n = worker::deliver_due(&app, &renderer, Utc::now())
            .await
            .expect("round");
        if n == 0 {
            break;
        }
        attempted += n;
    }
    let secs = started.elapsed().as_secs_f64();
    let got = received.load(Ordering::Relaxed);
    println!(
        "webhook deliveries ({label}): {got} of {EVENTS} delivered in {secs:.2} s = {:.0}/s (target ≥ 1,000/s)",
        got as f64 / secs
    );
}

/// Single events measured per mode.
const LATENCY_ROUNDS: usize = 10;

/// Commit-to-receipt latency of single events, with the worker woken by the hub and without.
async fn latency(label: &str, connection: DatabaseConnection) {
    for woken in [true, false] {
        let app = support::state(connection.clone(), 8);
        let slug = if woken {
            "latency-woken"
        } else {
            "latency-poll"
        };
        let (arrived, mut arrivals) = mpsc::unbounded_channel();
        let url = receiver(move || {
            let _ = arrived.send(Instant::now());
        })
        .await;
        let team_id = team_with_webhook(&app, slug, url, "contact.updated").await;
        let renderer: Renderer = Arc::new(ReferenceOnly);
        let running = tokio::spawn(worker::run_worker(app.clone(), renderer));
        if woken {
            app.live.start();
        }
        // Let the worker finish its first round and sleep, as an idle server's would.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut samples = Vec::with_capacity(LATENCY_ROUNDS);
        for i in 0..LATENCY_ROUNDS {
            let txn = app.db.begin().await.expect("begin");
            let change = Change::new(team_id, event_about(EventType::ContactUpdated, i as i64));
            events::record(&txn, change).await.expect("record");
            txn.commit().await.expect("commit");
            let committed = Instant::now();
            match tokio::time::timeout(Duration::from_secs(10), arrivals.recv()).await {
                Ok(Some(at)) => samples.push(at.saturating_duration_since(committed)),
                Ok(None) | Err(_) => println!("webhook latency ({label}): event {i} never arrived"),
            }
            // Idle between events, as a quiet team is.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        running.abort();
        app.live.close();
        samples.sort();
        let median = samples
            .get(samples.len() / 2)
            .copied()
            .unwrap_or(Duration::MAX);
        let worst = samples.last().copied().unwrap_or(Duration::MAX);
        if woken {
            let verdict = if median <= Duration::from_millis(100) {
                "PASS"
            } else {
                "FAIL"
            };
            println!(
                "webhook latency ({label}, worker woken by the hub): median {median:?}, worst {worst:?} (goal: median ≤ 100 ms) {verdict}"
            );
        } else {
            println!(
                "webhook latency ({label}, worker poll alone, as before): median {median:?}, worst {worst:?}"
            );
        }
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sqlite = db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    ))
    .await
    .expect("sqlite");
    db::migrate(&sqlite).await.expect("migrate");
    run("SQLite file, WAL", sqlite.clone()).await;
    latency("SQLite file, WAL", sqlite).await;

    if let Some(pg) = scratch_postgres::ScratchPostgres::create().await {
        run("PostgreSQL", pg.db.clone()).await;
        latency("PostgreSQL", pg.db.clone()).await;
        pg.drop().await;
    } else {
        println!("webhook deliveries (PostgreSQL): skipped, DATABASE_URL_TEST_PG is not set");
    }
}

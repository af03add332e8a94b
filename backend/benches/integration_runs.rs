//! How quickly a profile sheet's integrations come back: 10 integrations against a stub upstream
//! on loopback whose delays are spread from 50 to 500 ms, run by the real runner (SQLite, the
//! guarded client, the cache). Prints, as medians over several runs:
//! - time to all results ÷ the slowest upstream delay (target ≤ 1.05: nothing waits for anything),
//! - first result time − the fastest upstream delay (target ≤ 20 ms),
//! - the server-side p50 of a fully cached run of the 10 (target ≤ 2 ms).
//!
//! Run with `make bench`; asserts nothing.

#[path = "support/team.rs"]
mod bench_team;
mod support;

use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::{ConversationService, NewConversation};
use backend::services::integrations::IntegrationService;
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use backend::{Actor, AppState, db};
use chrono::Utc;
use model::ConversationStatus;
use model::integration::RunTrigger;
use std::time::{Duration, Instant};

const DELAYS_MS: [u64; 10] = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500];
const COLD_RUNS: usize = 5;
const CACHED_RUNS: usize = 500;

/// A CRM on the scripted stub: `/delay/{ms}/{who}` answers after `ms` milliseconds.
async fn upstream() -> String {
    let stub = Stub::start(|r| {
        let ms: u64 = r
            .route()
            .split('/')
            .nth(1)
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(0);
        Reply::json(200, format!(r#"{{"waited_ms": {ms}, "plan": "Premium"}}"#))
            .after(Duration::from_millis(ms))
    })
    .await;
    stub.base().to_string()
}

async fn setup() -> (AppState, Actor, RunRequest) {
    let connection = db::connect("sqlite::memory:").await.expect("sqlite");
    db::migrate(&connection).await.expect("migrate");
    let state = support::state(connection.clone(), 64);
    let db = &state.db;
    let (actor, inbox) = bench_team::admin_with_inbox(db).await;
    let contact = ContactService::create(
        &state,
        actor.team_id,
        NewContact {
            name: "Sarah Chen".into(),
            email: "sarah@example.com".into(),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    let conversation = ConversationService::create_with_messages(
        db,
        actor.team_id,
        NewConversation {
            inbox_id: inbox.id,
            contact_id: Some(contact.id),
            assignee_id: None,
            subject: "Where is my order?".into(),
            status: ConversationStatus::Active,
            created_at: Utc::now(),
        },
        Vec::new(),
    )
    .await
    .expect("conversation");
    let base = upstream().await;
    let mut list = Vec::new();
    for ms in DELAYS_MS {
        let input = serde_json::from_value(serde_json::json!({
            "name": format!("{ms} ms API"),
            "url": format!("{base}/delay/{ms}/{{{{contact.email}}}}"),
            "headers": [{"name": "Authorization", "value": "Bearer bench-token-0000"}],
            "cache_minutes": 10,
        }))
        .expect("input");
        let created = IntegrationService::create(&state, &actor, input)
            .await
            .expect("integration");
        list.push(InboxLink {
            integration_id: created.row.id,
            enabled: true,
        });
    }
    InboxLinkService::set_for_inbox(db, &actor, inbox.id, &list)
        .await
        .expect("attach");
    let request = RunRequest {
        contact_id: contact.id,
        conversation_id: Some(conversation.id),
        inbox_id: None,
        refresh: Refresh::All,
        trigger: RunTrigger::Refresh,
    };
    (state, actor, request)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let (state, actor, request) = setup().await;
    let slowest = *DELAYS_MS.iter().max().unwrap_or(&1) as f64;
    let fastest = *DELAYS_MS.iter().min().unwrap_or(&1) as f64;

    let mut all = Vec::new();
    let mut first = Vec::new();
    for _ in 0..COLD_RUNS {
        let started = Instant::now();
        let mut run = runner::start(&state, &actor, request).await.expect("start");
        let mut first_at = None;
        let mut n = 0;
        while let Some(r) = run.results.recv().await {
            if r.error.is_some() {
                eprintln!("{}: {:?}", r.name, r.error);
            }
            first_at.get_or_insert_with(|| started.elapsed());
            n += 1;
        }
        assert_eq!(n, DELAYS_MS.len(), "every integration answered");
        all.push(ms(started.elapsed()));
        first.push(ms(first_at.unwrap_or_default()));
    }

    let cached_request = RunRequest {
        refresh: Refresh::No,
        trigger: RunTrigger::Profile,
        ..request
    };
    let mut cached = Vec::with_capacity(CACHED_RUNS);
    for _ in 0..CACHED_RUNS {
        let started = Instant::now();
        let results = runner::run_all(&state, &actor, cached_request)
            .await
            .expect("run");
        cached.push(ms(started.elapsed()));
        debug_assert!(results.iter().all(|r| r.from_cache));
    }
    let all_ms = median(all);
    let first_ms = median(first);
    let cached_p50 = median(cached);
    println!("integration runs: 10 integrations, upstream delays 50–500 ms, SQLite in memory");
    println!(
        "  time to all results   {all_ms:8.1} ms   ÷ slowest upstream {slowest:.0} ms = {:.3} (target ≤ 1.05)",
        all_ms / slowest
    );
    println!(
        "  first result          {first_ms:8.1} ms   − fastest upstream {fastest:.0} ms = {:.1} ms (target ≤ 20 ms)",
        first_ms - fastest
    );
    println!("  fully cached run p50  {cached_p50:8.3} ms (target ≤ 2 ms, {CACHED_RUNS} runs)");
}

//! Cards while the team's systems fail (issue 35): 200 agents open profile sheets at the same
//! moment, each sheet running 5 integrations against stub upstreams on loopback — four answer at
//! once but fail every tenth call with a 503, the fifth never answers (its timeout is 1 s, its
//! breaker opens after 5 failures in a row and cools down for 5 s). Every wave is 200 sheets of
//! 200 contacts nobody opened before (no cache helps), run by the real runner on a SQLite file
//! (as `make run` serves) and, when `DATABASE_URL_TEST_PG` names a server, on PostgreSQL.
//!
//! Waves: a warm-up (connections, page cache) and a baseline with every upstream answering (what the same load costs without the hang);
//! then the first while the hanging upstream's breaker is still closed; two while it is open;
//! one after its cool-down (one probe goes through, the others are refused while it runs).
//! Prints, with the goal beside each figure and pass or fail:
//! - no server error (every sheet starts, every card delivers one result);
//! - failed cards isolated: the only cards that fail are the failing upstream calls' own;
//! - sheet completion p99 ≤ the hanging integration's timeout + 50 ms before its breaker opens,
//!   ≤ 50 ms while it is open;
//! - calls to the hanging upstream: none while the breaker is open, one probe per cool-down;
//!   before it opened, one per sheet already waiting on it when the first timeout came (a breaker
//!   learns from failures, and none had ended yet).
//!
//! The agents share one account: the runner's work does not depend on who asks.

#[path = "support/team.rs"]
mod bench_team;
#[path = "support/postgres.rs"]
mod scratch_postgres;
mod support;

use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::{ConversationService, NewConversation};
use backend::services::integrations::IntegrationService;
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::test_support::stub::{Reply, Stub};
use backend::{Actor, AppState, DatabaseConnection, db};
use chrono::Utc;
use model::ConversationStatus;
use model::integration::stale::FailureKind;
use model::integration::{RunStatus, RunTrigger};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const AGENTS: usize = 200;
const HEALTHY: usize = 4;
/// Every n-th call to a healthy upstream fails (10 %).
const FAIL_EVERY: usize = 10;
const TIMEOUT: Duration = Duration::from_secs(1);
const COOL_DOWN_SECS: u32 = 5;
const BREAKER_FAILURES: u32 = 5;
const MARGIN_MS: f64 = 50.0;

/// The upstreams: `/ok/{n}/{who}` for the four healthy ones, `/hang/{who}` for the fifth.
struct Upstreams {
    stub: Stub,
    /// While false, the fifth upstream answers like the others (the baseline wave).
    hangs: Arc<AtomicBool>,
    /// 503s served by the healthy upstreams.
    failed: Arc<AtomicUsize>,
    /// Calls that reached the hanging upstream.
    hanging: Arc<AtomicUsize>,
}

async fn upstreams() -> Upstreams {
    let failed = Arc::new(AtomicUsize::new(0));
    let hanging = Arc::new(AtomicUsize::new(0));
    let counters: Arc<Vec<AtomicUsize>> =
        Arc::new((0..HEALTHY).map(|_| AtomicUsize::new(0)).collect());
    let hangs = Arc::new(AtomicBool::new(false));
    let (f, h, now_hanging) = (failed.clone(), hanging.clone(), hangs.clone());
    let stub = Stub::start(move |r| {
        let route = r.route();
        let mut parts = route.split('/');
        match (
            parts.next(),
            parts.next().and_then(|n| n.parse::<usize>().ok()),
        ) {
            (Some("ok"), Some(n)) if n < HEALTHY => {
                let call = counters[n].fetch_add(1, Ordering::Relaxed) + 1;
                if call.is_multiple_of(FAIL_EVERY) {
                    f.fetch_add(1, Ordering::Relaxed);
                    Reply::json(503, r#"{"error": "busy"}"#)
                } else {
                    Reply::json(200, r#"{"plan": "Premium", "orders": 3}"#)
                }
            }
            _ if !now_hanging.load(Ordering::Relaxed) => {
                Reply::json(200, r#"{"plan": "Premium", "orders": 3}"#)
            }
            _ => {
                h.fetch_add(1, Ordering::Relaxed);
                Reply::silent()
            }
        }
    })
    .await;
    Upstreams {
        stub,
        hangs,
        failed,
        hanging,
    }
}

/// A team whose inbox runs the five integrations, and `AGENTS` × `waves` contacts, each with a
/// conversation in that inbox.
async fn setup(
    connection: DatabaseConnection,
    base: &str,
    waves: usize,
) -> (AppState, Actor, Vec<RunRequest>) {
    let state = support::state(connection, 64);
    let db = &state.db;
    let (actor, inbox) = bench_team::admin_with_inbox(db).await;
    let mut links = Vec::new();
    let paths = (0..HEALTHY)
        .map(|n| (format!("CRM {n}"), format!("/ok/{n}")))
        .chain([("Hanging API".to_string(), "/hang".to_string())]);
    for (name, path) in paths {
        let input = serde_json::from_value(serde_json::json!({
            "name": name,
            "url": format!("{base}{path}/{{{{contact.email}}}}"),
            "cache_minutes": 10,
            "timeout_seconds": TIMEOUT.as_secs(),
            "breaker_failures": BREAKER_FAILURES,
            "breaker_cooldown_seconds": COOL_DOWN_SECS,
        }))
        .expect("input");
        let created = IntegrationService::create(&state, &actor, input)
            .await
            .expect("integration");
        links.push(InboxLink {
            integration_id: created.row.id,
            enabled: true,
        });
    }
    InboxLinkService::set_for_inbox(db, &actor, inbox.id, &links)
        .await
        .expect("attach");
    let mut requests = Vec::with_capacity(AGENTS * waves);
    for n in 0..AGENTS * waves {
        let contact = ContactService::create(
            &state,
            actor.team_id,
            NewContact {
                name: format!("Customer {n}"),
                email: format!("customer{n}@example.com"),
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
        requests.push(RunRequest {
            contact_id: contact.id,
            conversation_id: Some(conversation.id),
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Profile,
        });
    }
    (state, actor, requests)
}

/// What one wave of sheets saw.
#[derive(Default)]
struct Wave {
    completion_ms: Vec<f64>,
    /// Until the run started: its one query (contact, conversation, inbox and the plan's
    /// generation; the plan itself is kept), and the wait for a core while other sheets' cards run.
    start_ms: Vec<f64>,
    /// Until the hanging integration's card arrived.
    hanging_card_ms: Vec<f64>,
    server_errors: usize,
    /// Healthy cards that failed for another reason than their upstream's 503.
    unexplained: usize,
    /// Healthy cards that failed with the upstream's 503.
    failed_by_upstream: usize,
    hanging_timed_out: usize,
    hanging_refused: usize,
    calls_to_hanging: usize,
}

/// Opens `AGENTS` sheets at once and waits for every card.
async fn wave(state: &AppState, actor: &Actor, requests: &[RunRequest], up: &Upstreams) -> Wave {
    let calls_before = up.hanging.load(Ordering::Relaxed);
    let sheets = requests.iter().map(|request| {
        let (state, actor, request) = (state.clone(), *actor, *request);
        tokio::spawn(async move {
            let started = Instant::now();
            let mut run = runner::start(&state, &actor, request).await?;
            let start = started.elapsed();
            let mut results = Vec::new();
            while let Some(r) = run.results.recv().await {
                results.push((started.elapsed(), r));
            }
            Ok::<_, backend::ServiceError>((started.elapsed(), start, run.planned.len(), results))
        })
    });
    let mut out = Wave::default();
    for sheet in futures_util::future::join_all(sheets).await {
        let Ok(Ok((took, start, planned, results))) = sheet else {
            out.server_errors += 1;
            continue;
        };
        if planned != HEALTHY + 1 || results.len() != planned {
            out.server_errors += 1;
        }
        out.completion_ms.push(ms(took));
        out.start_ms.push(ms(start));
        for (arrived, r) in results {
            let hanging = r.name == "Hanging API";
            if hanging {
                out.hanging_card_ms.push(ms(arrived));
            }
            match (hanging, r.status, r.failure) {
                (_, RunStatus::Ok, _) => {}
                (false, RunStatus::Error, Some(FailureKind::Status))
                    if r.http_status == Some(503) =>
                {
                    out.failed_by_upstream += 1;
                }
                (true, RunStatus::Error, Some(FailureKind::TimedOut)) => {
                    out.hanging_timed_out += 1;
                }
                (true, RunStatus::Error, Some(FailureKind::BreakerOpen)) => {
                    out.hanging_refused += 1;
                }
                _ => out.unexplained += 1,
            }
        }
    }
    out.calls_to_hanging = up.hanging.load(Ordering::Relaxed) - calls_before;
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn p99(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (sorted.len() * 99).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "pass" } else { "FAIL" }
}

async fn run(label: &str, connection: DatabaseConnection) {
    // A warm-up and a baseline wave with every upstream answering, then the four the goals are
    // about.
    const WAVES: usize = 6;
    let up = upstreams().await;
    let (state, actor, requests) = setup(connection, up.stub.base(), WAVES).await;
    let mut waves = requests.chunks(AGENTS);
    let mut next = || waves.next().expect("a wave of contacts");
    let timeout_ms = TIMEOUT.as_secs_f64() * 1000.0;

    let warm_up = wave(&state, &actor, next(), &up).await;
    let failed_before = up.failed.load(Ordering::Relaxed);
    let baseline = wave(&state, &actor, next(), &up).await;
    let failed_in_baseline = up.failed.load(Ordering::Relaxed) - failed_before;
    up.hangs.store(true, Ordering::Relaxed);
    let closed = wave(&state, &actor, next(), &up).await;
    let opened_at = Instant::now();
    let open_1 = wave(&state, &actor, next(), &up).await;
    let open_2 = wave(&state, &actor, next(), &up).await;
    let cool_down = Duration::from_secs(u64::from(COOL_DOWN_SECS));
    tokio::time::sleep(cool_down.saturating_sub(opened_at.elapsed()) + Duration::from_millis(100))
        .await;
    let probe = wave(&state, &actor, next(), &up).await;

    let all = [&warm_up, &baseline, &closed, &open_1, &open_2, &probe];
    let server_errors: usize = all.iter().map(|w| w.server_errors).sum();
    let unexplained: usize = all.iter().map(|w| w.unexplained).sum();
    let failed_cards: usize = all.iter().map(|w| w.failed_by_upstream).sum();
    let failed_calls = up.failed.load(Ordering::Relaxed);
    let healthy_cards = AGENTS * WAVES * HEALTHY;
    let p99_baseline = p99(&baseline.completion_ms);
    let open_waves: Vec<f64> = [&open_1, &open_2]
        .iter()
        .flat_map(|w| w.completion_ms.iter().copied())
        .collect();
    let (p99_closed, p99_open, p99_probe) = (
        p99(&closed.completion_ms),
        p99(&open_waves),
        p99(&probe.completion_ms),
    );
    let calls_open = open_1.calls_to_hanging + open_2.calls_to_hanging;
    let open_p99 = |pick: fn(&Wave) -> &Vec<f64>| {
        p99(&[&open_1, &open_2]
            .iter()
            .flat_map(|w| pick(w).iter().copied())
            .collect::<Vec<_>>())
    };
    let (start_open, hanging_open) = (open_p99(|w| &w.start_ms), open_p99(|w| &w.hanging_card_ms));

    println!(
        "resilient cards ({label}): {AGENTS} agents open sheets at once, {} integrations each; {}/{} healthy calls failed (503), one upstream hangs (timeout {timeout_ms:.0} ms, breaker {BREAKER_FAILURES} failures, cool-down {COOL_DOWN_SECS} s)",
        HEALTHY + 1,
        failed_calls,
        healthy_cards,
    );
    println!(
        "  server errors                               {server_errors:>8}   (goal 0) {}",
        verdict(server_errors == 0)
    );
    println!(
        "  failed healthy cards / failed upstream calls {failed_cards:>5} / {failed_calls}, others failed {unexplained}   (goal: equal, 0) {}",
        verdict(failed_cards == failed_calls && unexplained == 0)
    );
    println!(
        "  sheet p99, every upstream answering        {p99_baseline:8.1} ms   (the same load without the hang: what {AGENTS} sheets at once cost here; {failed_in_baseline} calls failed)"
    );
    println!(
        "  sheet p99, breaker closed                   {p99_closed:8.1} ms   (goal ≤ {:.0} ms) {}",
        timeout_ms + MARGIN_MS,
        verdict(p99_closed <= timeout_ms + MARGIN_MS)
    );
    println!(
        "  sheet p99, breaker open (2 waves)           {p99_open:8.1} ms   (goal ≤ {MARGIN_MS:.0} ms) {}; {:+.1} ms against every upstream answering",
        verdict(p99_open <= MARGIN_MS),
        p99_open - p99_baseline
    );
    println!(
        "    of which: run started (one query, and the wait for a core) p99 {start_open:.1} ms; the hanging integration's card p99 {hanging_open:.1} ms"
    );
    println!(
        "  sheet p99, after the cool-down (one probe)  {p99_probe:8.1} ms   (goal ≤ {MARGIN_MS:.0} ms) {}",
        verdict(p99_probe <= MARGIN_MS)
    );
    println!(
        "  calls to the hanging upstream: {} before it opened ({} cards timed out), {calls_open} while open ({} cards refused), {} after the cool-down   (goal: 0 while open, 1 probe) {}",
        closed.calls_to_hanging,
        closed.hanging_timed_out,
        open_1.hanging_refused + open_2.hanging_refused,
        probe.calls_to_hanging,
        verdict(calls_open == 0 && probe.calls_to_hanging == 1)
    );
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
    run("SQLite file, WAL", sqlite).await;

    if let Some(pg) = scratch_postgres::ScratchPostgres::create().await {
        run("PostgreSQL", pg.db.clone()).await;
        pg.drop().await;
    } else {
        println!("resilient cards (PostgreSQL): skipped, DATABASE_URL_TEST_PG is not set");
    }
}

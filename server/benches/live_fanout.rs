//! Live event fan-out: 1,000 concurrent SSE clients on `GET /api/v1/events`, one note posted
//! through REST at a time; for each client, the time from the POST until its stream delivered
//! the `message.created` event, over [`ROUNDS`] messages: p50, p99 and max (goal p99 <= 100 ms on
//! one SQLite instance, <= 250 ms across two replicas on PostgreSQL). Also the server's resident
//! memory growth per idle stream (goal <= 64 KB). The PostgreSQL run (two `chatlane serve`
//! processes on one database, half the clients on each, every message posted on the first) needs
//! `DATABASE_URL_TEST_PG`. Run with `make bench`; asserts nothing.

use binary::{Install, PgDatabase, Served};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Barrier, mpsc};

// The HTTP tests' helpers for running the real binary.
#[allow(dead_code)]
#[path = "../tests/http/support/binary.rs"]
mod binary;

const CLIENTS: usize = 1_000;
const ROUNDS: usize = 10;

/// Resident memory of `pid` in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Opens one stream and reports (message id, instant) for every `message.created` it reads.
async fn client(
    http: reqwest::Client,
    url: String,
    token: String,
    opened: Arc<Barrier>,
    seen: mpsc::UnboundedSender<(i64, Instant)>,
) {
    let response = http
        .get(url)
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await;
    opened.wait().await;
    let Ok(mut response) = response else { return };
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let at = Instant::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: "))
                && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
                && v["type"] == "message.created"
                && let Some(id) = v["data"]["id"].as_i64()
            {
                let _ = seen.send((id, at));
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

async fn measure(label: &str, servers: &[Served], token: &str, http: &reqwest::Client) {
    let before: Vec<u64> = servers.iter().map(|s| rss_kib(s.child.id())).collect();
    let opened = Arc::new(Barrier::new(CLIENTS + 1));
    let (tx, mut rx) = mpsc::unbounded_channel();
    for i in 0..CLIENTS {
        let server = &servers[i % servers.len()];
        // One client per connection, as browsers would be.
        let own = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        tokio::spawn(client(
            own,
            format!("{}/api/v1/events", server.base),
            token.to_string(),
            opened.clone(),
            tx.clone(),
        ));
    }
    opened.wait().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after: Vec<u64> = servers.iter().map(|s| rss_kib(s.child.id())).collect();
    let growth_kib: u64 = after
        .iter()
        .zip(&before)
        .map(|(a, b)| a.saturating_sub(*b))
        .sum();
    let per_stream = growth_kib as f64 / CLIENTS as f64;

    let conversation = http
        .get(format!(
            "{}/api/v1/conversations?per_page=1",
            servers[0].base
        ))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .expect("json")["data"][0]["id"]
        .as_i64()
        .expect("a conversation");
    let mut latencies = Vec::new();
    let mut incomplete = 0;
    for round in 0..ROUNDS {
        let started = Instant::now();
        let posted = http
            .post(format!(
                "{}/api/v1/conversations/{conversation}/messages",
                servers[0].base
            ))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(serde_json::json!({"type": "note", "body": format!("bench {round}")}).to_string())
            .send()
            .await
            .expect("post")
            .text()
            .await
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .expect("json")["data"]["id"]
            .as_i64()
            .expect("message id");
        let mut got = 0;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while got < CLIENTS {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some((id, at))) if id == posted => {
                    latencies.push(at.duration_since(started).as_secs_f64() * 1000.0);
                    got += 1;
                }
                Ok(Some(_)) => {}
                _ => break,
            }
        }
        incomplete += CLIENTS - got;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "{label}: {CLIENTS} streams, {ROUNDS} messages: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} deliveries missing); RSS +{growth_kib} KiB for {CLIENTS} idle streams = {per_stream:.1} KiB each",
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
        incomplete,
    );
}

/// The servers the bench loads: `RATE` lets every client and post through.
fn serve(install: &Install) -> Served {
    install.serve(&[
        ("CHATLANE_API_RATE_BURST", "100000"),
        ("CHATLANE_API_RATE_LIMIT", "1000000"),
    ])
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let http = binary::client();

    let dir = tempfile::tempdir().expect("tempdir");
    let install = binary::sqlite_install(dir.path());
    let token = install.demo_with_token();
    let single = serve(&install);
    single.healthy(&http).await;
    measure(
        "one instance, SQLite",
        std::slice::from_ref(&single),
        &token,
        &http,
    )
    .await;
    drop(single);

    let Some(database) = PgDatabase::create("chatlane_bench").await else {
        println!("two replicas, PostgreSQL: skipped (DATABASE_URL_TEST_PG is not set)");
        return;
    };
    let pg_dir = tempfile::tempdir().expect("tempdir");
    let install = Install {
        dir: pg_dir.path().to_path_buf(),
        database_url: Some(database.url.clone()),
    };
    let token = install.demo_with_token();
    let replicas = [serve(&install), serve(&install)];
    for r in &replicas {
        r.healthy(&http).await;
    }
    measure("two replicas, PostgreSQL", &replicas, &token, &http).await;
    drop(replicas);
    database.remove().await;
}

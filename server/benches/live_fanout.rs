//! Live event fan-out: 1,000 concurrent SSE clients on `GET /api/v1/events`, one note posted
//! through REST at a time; for each client, the time from the POST until its stream delivered
//! the `message.created` event, over [`ROUNDS`] messages: p50, p99 and max (goal p99 <= 100 ms on
//! one SQLite instance, <= 250 ms across two replicas on PostgreSQL). Also the server's resident
//! memory growth per idle stream (goal <= 64 KB). The PostgreSQL run (two `chatlane serve`
//! processes on one database, half the clients on each, every message posted on the first) needs
//! `DATABASE_URL_TEST_PG`. Run with `make bench`; asserts nothing.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Barrier, mpsc};

const CLIENTS: usize = 1_000;
const ROUNDS: usize = 10;

fn chatlane(dir: &Path, database_url: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chatlane"));
    c.env("CHATLANE_DATA_DIR", dir).env("RUST_LOG", "error");
    match database_url {
        Some(url) => c.env("DATABASE_URL", url),
        None => c.env_remove("DATABASE_URL"),
    };
    c
}

fn run(dir: &Path, database_url: Option<&str>, args: &[&str]) -> String {
    let out = chatlane(dir, database_url)
        .args(args)
        .output()
        .expect("chatlane runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn serve(dir: &Path, database_url: Option<&str>, http: &reqwest::Client) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = chatlane(dir, database_url)
        .arg("serve")
        .env("CHATLANE_ADDR", format!("127.0.0.1:{port}"))
        .env("CHATLANE_API_RATE_BURST", "100000")
        .env("CHATLANE_API_RATE_LIMIT", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("{}/healthz", server.base)).send().await
            && r.status().is_success()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not start");
}

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

async fn measure(label: &str, servers: &[Server], token: &str, http: &reqwest::Client) {
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

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");

    let dir = tempfile::tempdir().expect("tempdir");
    run(dir.path(), None, &["migrate"]);
    run(dir.path(), None, &["demo"]);
    let token = run(
        dir.path(),
        None,
        &[
            "token",
            "create",
            "--team",
            "acme-support",
            "--email",
            "admin@acme.example",
            "--name",
            "bench",
        ],
    );
    let single = serve(dir.path(), None, &http).await;
    measure(
        "one instance, SQLite",
        std::slice::from_ref(&single),
        &token,
        &http,
    )
    .await;
    drop(single);

    let Some(admin_url) = std::env::var("DATABASE_URL_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("two replicas, PostgreSQL: skipped (DATABASE_URL_TEST_PG is not set)");
        return;
    };
    let name = format!("chatlane_bench_{}", std::process::id());
    let admin = backend::db::connect(&admin_url).await.expect("postgres");
    use sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create database");
    let url = format!(
        "{}/{name}",
        admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b)
    );
    let pg_dir = tempfile::tempdir().expect("tempdir");
    run(pg_dir.path(), Some(&url), &["migrate"]);
    run(pg_dir.path(), Some(&url), &["demo"]);
    let token = run(
        pg_dir.path(),
        Some(&url),
        &[
            "token",
            "create",
            "--team",
            "acme-support",
            "--email",
            "admin@acme.example",
            "--name",
            "bench",
        ],
    );
    let replicas = [
        serve(pg_dir.path(), Some(&url), &http).await,
        serve(pg_dir.path(), Some(&url), &http).await,
    ];
    measure("two replicas, PostgreSQL", &replicas, &token, &http).await;
    drop(replicas);
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await;
}

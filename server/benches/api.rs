//! REST API throughput: `GET /api/v1/contacts?limit=50` (token auth, rate limiter, a count and a
//! page of 50 from 10,000 contacts in SQLite) against `GET /livez` (a constant JSON answer) on the
//! same `chatlane` binary, both loaded by `wrk` from a second process on loopback in one run.
//! The two loads alternate over [`ROUNDS`] rounds, since one run's figures vary by a fifth on a
//! small shared machine; it prints every round and the medians of requests/s, p50 and p99
//! latency and of the throughput ratio (target >= 0.35).
//! Run with `make bench`; asserts nothing (speed goals are reported, not tested).

use backend::auth::ApiTokenService;
use backend::db;
use backend::entities::contact;
use backend::services::teams::TeamService;
use chrono::{Duration, Utc};
use model::Role;
use sea_orm::{EntityTrait, Set};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const CONTACTS: usize = 10_000;
const DURATION: &str = "5s";
const CONNECTIONS: &str = "16";
const ROUNDS: usize = 5;

/// One `wrk` run's figures.
struct Load {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    non_2xx: u64,
}

/// Parses `12.34ms`, `1.2s`, `850.00us` into milliseconds.
fn millis(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn wrk(url: &str, token: Option<&str>) -> Load {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t", "1", "-c", CONNECTIONS, "-d", DURATION, "--latency"]);
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = cmd
        .arg(url)
        .output()
        .expect("wrk runs (make bench installs it)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |prefix: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
    };
    let non_2xx = text
        .lines()
        .find(|l| l.trim().starts_with("Non-2xx or 3xx responses:"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    Load {
        requests_per_sec: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN),
        p50_ms: field("50%").map_or(f64::NAN, |v| millis(&v)),
        p99_ms: field("99%").map_or(f64::NAN, |v| millis(&v)),
        non_2xx,
    }
}

/// The server process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn seed(url: &str) -> String {
    let conn = db::connect(url).await.expect("database");
    db::migrate(&conn).await.expect("migrate");
    let team = TeamService::ensure_team(&conn, "Bench", "bench")
        .await
        .expect("team");
    let user = TeamService::upsert_user(&conn, "bench@example.com", "Bench", "benchmark password")
        .await
        .expect("user");
    TeamService::set_membership(&conn, team.id, user.id, Role::Agent)
        .await
        .expect("member");
    let now = Utc::now();
    let ids: Vec<usize> = (0..CONTACTS).collect();
    for chunk in ids.chunks(500) {
        let rows = chunk.iter().map(|i| {
            let at = now - Duration::seconds(*i as i64);
            contact::ActiveModel {
                team_id: Set(team.id),
                name: Set(format!("Contact {i}")),
                email: Set(Some(format!("contact{i}@example.com"))),
                phone: Set(Some(format!("+4420{i:08}"))),
                custom_attributes: Set(serde_json::json!({"plan": "gold", "seats": i % 50})),
                last_ip: Set(None),
                last_page_url: Set(None),
                last_user_agent: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
        });
        contact::Entity::insert_many(rows)
            .exec(&conn)
            .await
            .expect("contacts");
    }
    ApiTokenService::create_for(&conn, team.id, user.id, "bench")
        .await
        .expect("token")
        .plain
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed; `make bench` installs it (Debian package wrk)");
        std::process::exit(1);
    }
    let dir = std::env::temp_dir().join(format!("chatlane-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench folder");
    let db_url = format!("sqlite://{}/chatlane.db?mode=rwc", dir.display());
    let started = Instant::now();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let token = runtime.block_on(seed(&db_url));
    println!(
        "seeded {CONTACTS} contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_chatlane"))
            .arg("serve")
            .env("CHATLANE_DATA_DIR", &dir)
            .env("DATABASE_URL", &db_url)
            .env("CHATLANE_ADDR", format!("127.0.0.1:{port}"))
            // The benchmark measures the API, not the per-token limit.
            .env("CHATLANE_API_RATE_LIMIT", "100000000")
            .env("CHATLANE_API_RATE_BURST", "100000000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("chatlane starts"),
    );
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chatlane did not start listening"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let base = format!("http://127.0.0.1:{port}");
    let hello_url = format!("{base}/livez");
    let api_url = format!("{base}/api/v1/contacts?limit=50");
    // Warm up (connections, page cache) before measuring.
    let _ = wrk(&api_url, Some(&token));
    println!(
        "wrk: 1 thread, {CONNECTIONS} connections, {DURATION} each, loopback, {ROUNDS} rounds"
    );
    let mut rounds = Vec::with_capacity(ROUNDS);
    for round in 1..=ROUNDS {
        let hello = wrk(&hello_url, None);
        let api = wrk(&api_url, Some(&token));
        let ratio = api.requests_per_sec / hello.requests_per_sec;
        println!(
            "round {round}: hello {:>7.0} req/s, contacts {:>7.0} req/s, ratio {ratio:.3}",
            hello.requests_per_sec, api.requests_per_sec
        );
        rounds.push((hello, api, ratio));
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    let hello: Vec<&Load> = rounds.iter().map(|r| &r.0).collect();
    let api: Vec<&Load> = rounds.iter().map(|r| &r.1).collect();
    println!("medians of {ROUNDS} rounds:");
    for (name, loads) in [
        ("GET /livez (hello JSON)", &hello),
        ("GET /api/v1/contacts?limit=50", &api),
    ] {
        println!(
            "{name:<32} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   non-2xx {}",
            median(loads.iter().map(|l| l.requests_per_sec)),
            median(loads.iter().map(|l| l.p50_ms)),
            median(loads.iter().map(|l| l.p99_ms)),
            loads.iter().map(|l| l.non_2xx).sum::<u64>()
        );
    }
    println!(
        "throughput ratio (contacts / hello): {:.3}  (target >= 0.35)",
        median(rounds.iter().map(|r| r.2))
    );
}

/// The middle value (the mean of the two middle ones for an even count).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

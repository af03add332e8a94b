//! Durability of webhook delivery, with the real `chatlane` binary: it delivers to a receiver that
//! fails at first and answers slowly, is killed with SIGKILL while deliveries are in flight,
//! and is started again on the same database; every event still arrives, and an event that
//! arrives twice carries the same `webhook-id` both times (the receiver's idempotency key).

use crate::support::binary::{client, sqlite_install};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CONTACTS: usize = 30;
/// The receiver's first answers (to events it has not seen before) are failures.
const FAILING_FIRST: usize = 8;

/// One request the receiver got: its `webhook-id`, the contact's id, and whether it answered 2xx.
type Seen = Arc<Mutex<Vec<(String, i64, bool)>>>;

async fn receive(State(seen): State<Seen>, headers: HeaderMap, body: String) -> StatusCode {
    // Slow enough that the server dies with deliveries in flight.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = headers
        .get("webhook-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let contact = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b["data"]["id"].as_i64())
        .unwrap_or(-1);
    let Ok(mut list) = seen.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR;
    };
    // Each event fails at most once (its retry 5 s later succeeds): the test waits for the
    // crash to be recovered from, not for the 5-minute second retry.
    let ok = list.len() >= FAILING_FIRST || list.iter().any(|(seen_id, _, _)| *seen_id == id);
    list.push((id, contact, ok));
    if ok {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

async fn post_json(client: &reqwest::Client, url: &str, token: &str, body: Value) -> Value {
    let r = client
        .post(url)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    assert!(status.is_success(), "{url}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_delivers_every_event_after_it_restarts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let install = sqlite_install(dir.path());
    let token = install.demo_with_token();
    let serve = || {
        install.serve(&[
            ("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1"),
            ("CHATLANE_OUTBOUND_PUBLIC", "false"),
            ("CHATLANE_API_RATE_BURST", "1000"),
        ])
    };

    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/hook", post(receive))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let hook_url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let client = client();
    let mut server = serve();
    server.healthy(&client).await;
    let base = server.base.clone();
    post_json(
        &client,
        &format!("{base}/api/v1/webhooks"),
        &token,
        serde_json::json!({"url": hook_url, "events": ["contact.created"]}),
    )
    .await;
    let mut created = BTreeSet::new();
    for i in 0..CONTACTS {
        let contact = post_json(
            &client,
            &format!("{base}/api/v1/contacts"),
            &token,
            serde_json::json!({"name": format!("Crash {i}"), "email": format!("crash{i}@example.com")}),
        )
        .await;
        created.insert(contact["data"]["id"].as_i64().unwrap_or_default());
    }
    // Kill it while the first deliveries are being answered.
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.lock().map(|s| s.len()).unwrap_or(0) < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    let at_kill = seen.lock().map(|s| s.len()).unwrap_or(0);

    // The same port is free again only by chance, so the restarted server gets its own.
    let server = serve();
    server.healthy(&client).await;
    // Leased deliveries come back when the dead server's lease (30 s) ends; failed ones retry.
    let deadline = Instant::now() + Duration::from_secs(120);
    let delivered = loop {
        let done: BTreeSet<i64> = seen
            .lock()
            .map(|s| {
                s.iter()
                    .filter(|(_, _, ok)| *ok)
                    .map(|(_, c, _)| *c)
                    .collect()
            })
            .unwrap_or_default();
        if done.is_superset(&created) || Instant::now() > deadline {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let total = seen.lock().map(|s| s.len()).unwrap_or(0);
    drop(server);

    // The kill interrupted the work: the restarted server had deliveries left to make.
    assert!(
        total > at_kill,
        "nothing was left for the restarted server ({at_kill} requests before the kill)"
    );
    let missing: Vec<&i64> = created.difference(&delivered).collect();
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    let mut ids_by_contact: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for (id, contact, _) in seen.lock().map(|s| s.clone()).unwrap_or_default() {
        ids_by_contact.entry(contact).or_default().insert(id);
    }
    for (contact, ids) in ids_by_contact {
        assert_eq!(
            ids.len(),
            1,
            "contact {contact} arrived under several webhook-ids: {ids:?}"
        );
    }
}

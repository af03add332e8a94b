//! The guarded outbound client against a stub HTTP server on loopback (which the default policy
//! blocks, so most tests allow it explicitly, as CHATLANE_OUTBOUND_ALLOW would).

use backend::AppState;
use backend::outbound::{Limits, OutboundClient, OutboundError, OutboundRequest};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Requests the stub received (their head, as text).
type Seen = Arc<Mutex<Vec<String>>>;

/// A stub that answers each request with `answer(path)` (raw HTTP), or never answers for `None`.
async fn stub(answer: fn(&str, u16) -> Option<String>) -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&head).to_string();
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
                if let Ok(mut l) = log.lock() {
                    l.push(text);
                }
                match answer(&path, port) {
                    Some(raw) => {
                        let _ = socket.write_all(raw.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    (port, seen)
}

fn ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn get(url: String) -> OutboundRequest {
    OutboundRequest {
        method: reqwest::Method::GET,
        url,
        headers: vec![("Authorization".into(), "Bearer secret-token".into())],
        body: None,
        body_secret: false,
    }
}

fn allowing(entries: &[&str]) -> OutboundClient {
    let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
    OutboundClient::new(&entries).expect("client")
}

#[tokio::test]
async fn loopback_is_blocked_by_default_by_address_and_by_name_without_connecting() {
    let (port, seen) = stub(|_, _| Some(ok("{}"))).await;
    let client = allowing(&[]);
    for url in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://127.1:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://localhost:{port}/"),
    ] {
        let r = client.send(get(url.clone()), Limits::webhook()).await;
        assert_eq!(r, Err(OutboundError::Blocked), "{url}");
    }
    assert!(
        seen.lock().map(|s| s.is_empty()).unwrap_or(false),
        "no request reached it"
    );
    assert_eq!(
        OutboundError::Blocked.to_string(),
        "Blocked: the address is not public"
    );
}

#[tokio::test]
async fn an_allowed_range_is_reached_and_the_body_read() {
    let (port, seen) = stub(|_, _| Some(ok(r#"{"plan":"gold"}"#))).await;
    // localhost may also resolve to ::1, and one disallowed address blocks a name.
    let client = allowing(&["127.0.0.1/32", "::1"]);
    let r = client
        .send(
            get(format!("http://127.0.0.1:{port}/customers/1")),
            Limits::webhook(),
        )
        .await
        .expect("allowed");
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, br#"{"plan":"gold"}"#.as_slice())
    );
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    let heads = seen.lock().map(|s| s.join("\n")).unwrap_or_default();
    assert!(heads.starts_with("GET /customers/1 HTTP/1.1"), "{heads}");
    // A name is checked after resolution: localhost is 127.0.0.1, which is allowed here.
    let by_name = client
        .send(get(format!("http://localhost:{port}/")), Limits::webhook())
        .await;
    assert!(by_name.is_ok(), "{by_name:?}");
}

#[tokio::test]
async fn redirects_fail_unless_followed_and_every_hop_is_checked() {
    let (port, seen) = stub(|path, port| match path {
        "/start" => Some(format!(
            "HTTP/1.1 302 Found\r\nLocation: http://localhost:{port}/next\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )),
        "/private" => Some(
            "HTTP/1.1 302 Found\r\nLocation: http://10.0.0.1/admin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .to_string(),
        ),
        _ => Some(ok(r#"{"done":true}"#)),
    })
    .await;
    let client = allowing(&["127.0.0.1", "::1"]);
    let start = format!("http://127.0.0.1:{port}/start");
    let r = client.send(get(start.clone()), Limits::webhook()).await;
    assert_eq!(
        r,
        Err(OutboundError::Redirected(format!(
            "http://localhost:{port}/next"
        )))
    );
    let followed = client
        .send(get(start), Limits::integration(10, true))
        .await
        .expect("followed");
    assert_eq!(followed.final_url, format!("http://localhost:{port}/next"));
    // The token did not travel to the other host name.
    let heads = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let last = heads.last().cloned().unwrap_or_default();
    assert!(last.starts_with("GET /next"), "{last}");
    assert!(
        !last.to_ascii_lowercase().contains("secret-token"),
        "{last}"
    );
    let r = client
        .send(
            get(format!("http://127.0.0.1:{port}/private")),
            Limits::integration(10, true),
        )
        .await;
    assert_eq!(r, Err(OutboundError::Blocked));
}

#[tokio::test]
async fn oversized_bodies_are_errors_with_or_without_a_length() {
    let (port, _) = stub(|path, _| {
        let big = "x".repeat(1024 * 1024 + 1);
        Some(if path == "/sized" {
            ok(&big)
        } else {
            format!("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{big}")
        })
    })
    .await;
    let client = allowing(&["127.0.0.1"]);
    for path in ["/sized", "/streamed"] {
        let r = client
            .send(
                get(format!("http://127.0.0.1:{port}{path}")),
                Limits::integration(10, false),
            )
            .await;
        assert_eq!(r, Err(OutboundError::TooLarge("1 MiB".into())), "{path}");
    }
    assert_eq!(
        OutboundError::TooLarge("1 MiB".into()).to_string(),
        "Response larger than 1 MiB"
    );
}

#[tokio::test]
async fn a_silent_server_times_out_with_the_limit_in_the_message() {
    let (port, _) = stub(|_, _| None).await;
    let client = allowing(&["127.0.0.1"]);
    let r = client
        .send(
            get(format!("http://127.0.0.1:{port}/")),
            Limits {
                timeout: Duration::from_secs(1),
                ..Limits::webhook()
            },
        )
        .await;
    assert_eq!(r, Err(OutboundError::TimedOut(1)));
    assert_eq!(
        OutboundError::TimedOut(10).to_string(),
        "Timed out after 10 s"
    );
}

#[tokio::test]
async fn bad_urls_and_headers_are_refused_before_sending() {
    let client = allowing(&["127.0.0.1"]);
    for url in [
        "ftp://example.com/x",
        "http://user:pass@example.com/",
        "not a url",
    ] {
        let r = client.send(get(url.into()), Limits::webhook()).await;
        assert!(
            matches!(r, Err(OutboundError::InvalidUrl(_))),
            "{url}: {r:?}"
        );
    }
    for (name, value) in [
        ("X-Id", "1\r\nX-Admin: 1"),
        ("X-Id", "a\0b"),
        ("Host", "evil.example"),
    ] {
        let mut request = get("http://127.0.0.1:9/".into());
        request.headers = vec![(name.into(), value.into())];
        let r = client.send(request, Limits::webhook()).await;
        let Err(OutboundError::InvalidHeader(message)) = r else {
            panic!("{name}: expected a header error, got {r:?}")
        };
        assert!(
            !message.contains("evil") && !message.contains("Admin"),
            "values are not echoed"
        );
    }
}

#[tokio::test]
async fn error_statuses_carry_the_apis_reason_but_not_the_body() {
    let (port, _) = stub(|_, _| {
        let body = r#"{"error":"Customer not found","debug":"stack trace here"}"#;
        Some(format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    })
    .await;
    let client = allowing(&["127.0.0.1"]);
    let r = client
        .send(get(format!("http://127.0.0.1:{port}/")), Limits::webhook())
        .await
        .expect("an answer")
        .error_for_status();
    let message = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(message, "API returned 404: Customer not found");
}

/// DNS as scripted by the test: each name answers with its addresses.
#[derive(Debug)]
struct StubDns(Vec<(&'static str, Vec<std::net::IpAddr>)>);

impl backend::outbound::resolver::Lookup for StubDns {
    fn lookup(&self, host: &str) -> backend::outbound::resolver::LookupFuture {
        let found = self
            .0
            .iter()
            .find(|(h, _)| *h == host)
            .map(|(_, ips)| ips.clone())
            .unwrap_or_default();
        Box::pin(async move { Ok(found) })
    }
}

fn stub_dns_client(allow: &[&str], names: StubDns) -> OutboundClient {
    let allow: Vec<String> = allow.iter().map(|e| e.to_string()).collect();
    let policy = backend::outbound::policy::DestinationPolicy::new(&allow).expect("policy");
    OutboundClient::with_lookup(policy, Arc::new(names)).expect("client")
}

#[tokio::test]
async fn names_are_pinned_to_checked_answers_and_a_mixed_answer_connects_nowhere() {
    let (port, seen) = stub(|_, _| Some(ok(r#"{"ok": true}"#))).await;
    let loopback: std::net::IpAddr = "127.0.0.1".parse().expect("ip");
    let public: std::net::IpAddr = "93.184.216.34".parse().expect("ip");
    let client = stub_dns_client(
        &["127.0.0.1"],
        StubDns(vec![
            ("crm.example", vec![loopback]),
            (
                "mixed.example",
                vec![public, "10.0.0.9".parse().expect("ip")],
            ),
        ]),
    );
    // The name only exists in the stub: reaching the listener proves the client asked it.
    let r = client
        .send(
            get(format!("http://crm.example:{port}/x")),
            Limits::webhook(),
        )
        .await
        .expect("pinned to the checked loopback answer");
    assert_eq!(r.status, 200);
    let before = seen.lock().map(|s| s.len()).unwrap_or(0);
    let blocked = client
        .send(
            get(format!("http://mixed.example:{port}/x")),
            Limits::webhook(),
        )
        .await;
    assert_eq!(blocked, Err(OutboundError::Blocked));
    assert_eq!(
        seen.lock().map(|s| s.len()).unwrap_or(0),
        before,
        "no connection was made"
    );
    // The allow list opens exactly what it names: 127.0.0.2 is still loopback, and blocked.
    let other = stub_dns_client(
        &["127.0.0.1"],
        StubDns(vec![(
            "other.example",
            vec!["127.0.0.2".parse().expect("ip")],
        )]),
    );
    assert_eq!(
        other
            .send(
                get(format!("http://other.example:{port}/x")),
                Limits::webhook()
            )
            .await,
        Err(OutboundError::Blocked)
    );
}

/// A loopback server answering every request with `answer`: a `(status, Location)` redirect,
/// or 200 when `None`; it records every request body it receives.
async fn loopback(answer: Option<(u16, String)>) -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let seen: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |body: axum::body::Bytes| {
        let record = record.clone();
        let answer = answer.clone();
        async move {
            if let Ok(mut s) = record.lock() {
                s.push(body.to_vec());
            }
            match answer {
                Some((status, location)) => (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::TEMPORARY_REDIRECT),
                    [(header::LOCATION, location)],
                    "",
                )
                    .into_response(),
                None => (StatusCode::OK, "{}").into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://127.0.0.1:{port}"), seen)
}

fn received(seen: &Arc<Mutex<Vec<Vec<u8>>>>) -> Vec<Vec<u8>> {
    seen.lock().map(|s| s.clone()).unwrap_or_default()
}

/// A 307 or 308 keeps the method and body; a body marked secret stops at a redirect to
/// another origin (the error names the target without its query), while a plain body follows.
#[tokio::test]
async fn a_secret_body_never_follows_a_redirect_to_another_origin() {
    let t = crate::support::sqlite().await;
    let client = AppState::for_tests(&t.db).allowing(&["127.0.0.1"]).outbound;
    let post = |url: String, body_secret: bool| OutboundRequest {
        method: reqwest::Method::POST,
        url,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Some(br#"{"api_key":"sk_body_secret"}"#.to_vec()),
        body_secret,
    };
    for status in [307, 308] {
        let (elsewhere, elsewhere_seen) = loopback(None).await;
        let target = format!("{elsewhere}/landing?token=leaked");
        let (first, _) = loopback(Some((status, target))).await;

        let refused = client
            .send(
                post(format!("{first}/start"), true),
                Limits::integration(10, true),
            )
            .await;
        let Err(e @ OutboundError::SecretBodyRedirect(_)) = refused else {
            panic!("{status}: a secret body followed: {refused:?}");
        };
        let said = e.to_string();
        assert!(said.contains("/landing"), "{said}");
        assert!(!said.contains("leaked"), "the query is shown: {said}");
        assert!(
            received(&elsewhere_seen).is_empty(),
            "{status}: the other origin received the secret body"
        );

        let followed = client
            .send(
                post(format!("{first}/start"), false),
                Limits::integration(10, true),
            )
            .await
            .expect("a plain body follows");
        assert_eq!(followed.status, 200);
        assert_eq!(
            received(&elsewhere_seen),
            vec![br#"{"api_key":"sk_body_secret"}"#.to_vec()],
            "{status} keeps the body"
        );
    }
    t.finish().await;
}

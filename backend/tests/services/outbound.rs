//! The guarded outbound client against a stub HTTP server on loopback (which the default policy
//! blocks, so most tests allow it explicitly, as CHATLANE_OUTBOUND_ALLOW would).

use backend::AppState;
use backend::outbound::{Limits, OutboundClient, OutboundError, OutboundRequest};
use backend::test_support::stub::{Reply, Request, Stub};
use std::sync::Arc;
use std::time::Duration;

/// The port of the host a request was sent to (`Host: 127.0.0.1:PORT`).
fn port_of(request: &Request) -> String {
    request
        .header("host")
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string()
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
    let stub = Stub::start(|_| Reply::json(200, "{}")).await;
    let port = stub.port();
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
    assert_eq!(stub.total(), 0, "no request reached it");
    assert_eq!(
        OutboundError::Blocked.to_string(),
        "Blocked: the address is not public"
    );
}

#[tokio::test]
async fn an_allowed_range_is_reached_and_the_body_read() {
    let stub = Stub::start(|_| Reply::json(200, r#"{"plan":"gold"}"#)).await;
    let port = stub.port();
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
    let first = &stub.requests()[0];
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("GET", "/customers/1")
    );
    // A name is checked after resolution: localhost is 127.0.0.1, which is allowed here.
    let by_name = client
        .send(get(format!("http://localhost:{port}/")), Limits::webhook())
        .await;
    assert!(by_name.is_ok(), "{by_name:?}");
}

#[tokio::test]
async fn redirects_fail_unless_followed_and_every_hop_is_checked() {
    let stub = Stub::start(|r| match r.path.as_str() {
        "/start" => Reply::redirect(302, format!("http://localhost:{}/next", port_of(r))),
        "/private" => Reply::redirect(302, "http://10.0.0.1/admin"),
        _ => Reply::json(200, r#"{"done":true}"#),
    })
    .await;
    let port = stub.port();
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
    let last = stub.requests().pop().expect("a request");
    assert_eq!(last.path, "/next");
    assert_eq!(last.header("authorization"), "", "{:?}", last.headers);
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
    let stub = Stub::start(|r| {
        let big = Reply::json(200, "x".repeat(1024 * 1024 + 1));
        if r.path == "/sized" {
            big
        } else {
            big.without_length()
        }
    })
    .await;
    let port = stub.port();
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
    let stub = Stub::start(|_| Reply::silent()).await;
    let port = stub.port();
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
    let stub = Stub::start(|_| {
        Reply::json(
            404,
            r#"{"error":"Customer not found","debug":"stack trace here"}"#,
        )
    })
    .await;
    let port = stub.port();
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
    let stub = Stub::start(|_| Reply::ok()).await;
    let port = stub.port();
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
    let before = stub.total();
    let blocked = client
        .send(
            get(format!("http://mixed.example:{port}/x")),
            Limits::webhook(),
        )
        .await;
    assert_eq!(blocked, Err(OutboundError::Blocked));
    assert_eq!(stub.total(), before, "no connection was made");
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
        let elsewhere = Stub::start(|_| Reply::json(200, "{}")).await;
        let target = elsewhere.url("/landing?token=leaked");
        let first = Stub::start(move |_| Reply::redirect(status, &target)).await;
        let first = first.base();

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
        assert_eq!(
            elsewhere.total(),
            0,
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
        let bodies: Vec<Vec<u8>> = elsewhere.requests().into_iter().map(|r| r.body).collect();
        assert_eq!(
            bodies,
            vec![br#"{"api_key":"sk_body_secret"}"#.to_vec()],
            "{status} keeps the body"
        );
    }
    t.finish().await;
}

/// A stub that redirects every request to `target` (302), or answers `{}`; returns its base URL
/// and the stub, which records every request.
pub(crate) async fn redirecting_server(target: Option<String>) -> (String, Stub) {
    let stub = Stub::start(move |_| match &target {
        Some(t) => Reply::redirect(302, t),
        None => Reply::json(200, "{}"),
    })
    .await;
    (stub.base().to_string(), stub)
}

/// A redirect to the same host on another port is another origin, so the admin's
/// headers (tokens) do not follow it; and a redirect error shows no query credentials.
#[tokio::test]
async fn custom_headers_do_not_follow_a_redirect_to_another_port_and_errors_hide_queries() {
    let (other, other_seen) = redirecting_server(None).await;
    let (first, _) = redirecting_server(Some(format!("{other}/landing?api_key=leaked"))).await;
    let client = AppState::for_tests(&crate::support::sqlite().await.db)
        .allowing(&["127.0.0.1"])
        .outbound;
    let request = |url: String| OutboundRequest {
        method: reqwest::Method::GET,
        url,
        headers: vec![("Authorization".into(), "Bearer sk_live_secret".into())],
        body: None,
        body_secret: false,
    };
    let followed = client
        .send(
            request(format!("{first}/start?api_key=mine")),
            Limits::integration(10, true),
        )
        .await
        .expect("followed");
    assert_eq!(followed.status, 200);
    let heads = other_seen.requests();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].headers.get("authorization").is_none(),
        "the token followed the redirect to another port"
    );

    let refused = client
        .send(
            request(format!("{first}/start?api_key=mine")),
            Limits::integration(10, false),
        )
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.starts_with("API redirected to"), "{refused}");
    assert!(
        !refused.contains("api_key") && !refused.contains("leaked"),
        "{refused}"
    );
}

//! Issue 17's trust items, one test per item (the pure rules, such as item 12's unquoted body
//! slots, are tested in `model`).

use crate::support::{spawn_app, spawn_app_with};
use axum::http::{Method, StatusCode};
use backend::entities::conversation;
use sea_orm::EntityTrait;

/// Item 11: `/metrics` is not open to anyone. On a loopback bind it answers as before; on any
/// other bind it is closed unless `CHATLANE_METRICS_TOKEN` is set, and then it wants that token.
#[tokio::test]
async fn metrics_are_closed_on_a_public_bind_and_need_the_token_when_one_is_set() {
    let public = spawn_app_with(&[("CHATLANE_ADDR", "0.0.0.0:3000")]).await;
    let r = public
        .api_raw(Method::GET, "/metrics", None, None, "")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.json);

    let guarded = spawn_app_with(&[
        ("CHATLANE_ADDR", "0.0.0.0:3000"),
        ("CHATLANE_METRICS_TOKEN", "scrape-me-please-0123456789"),
    ])
    .await;
    for token in [None, Some("wrong-token")] {
        let r = guarded
            .api_raw(Method::GET, "/metrics", token, None, "")
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = guarded
        .api_raw(
            Method::GET,
            "/metrics",
            Some("scrape-me-please-0123456789"),
            None,
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

/// Item 10: a GET never changes state. Rendering `/inbox/{id}` leaves the conversation unread (a
/// cross-site link cannot hide unread messages); the browser marks it read with a POST.
#[tokio::test]
async fn rendering_a_conversation_leaves_it_unread_until_the_browser_posts_mark_read() {
    let app = spawn_app().await;
    let id = app.alpha.conversation_id;
    let is_read = async || {
        conversation::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("conversation")
            .is_read
    };
    assert!(!is_read().await, "the contact's message makes it unread");
    let cookie = app.login(&app.alpha.agent_email).await;
    let page = app
        .send(Method::GET, &format!("/inbox/{id}"), Some(&cookie), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!is_read().await, "a GET left it unread");
    let r = app
        .call(&cookie, "mark_conversation_read", &format!("id={id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(is_read().await);
}

/// Signs in through the login form from peer `peer`, with extra request headers.
async fn login_from(
    app: &crate::support::TestApp,
    peer: [u8; 4],
    headers: &[(&str, &str)],
) -> axum::http::HeaderMap {
    let email = app.alpha.admin_email.clone();
    let (status, headers) =
        login_attempt(app, peer, &email, crate::support::PASSWORD, headers).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    headers
}

/// Posts the login form as `email` from peer `peer`, with extra request headers.
async fn login_attempt(
    app: &crate::support::TestApp,
    peer: [u8; 4],
    email: &str,
    password: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap) {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};
    let form = format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/rpc/login")
        .header(header::HOST, crate::support::HOST)
        .header(header::ORIGIN, format!("http://{}", crate::support::HOST))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Body::from(form)).expect("request");
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((peer, 40_000))));
    let (status, headers, _) = app.dispatch(request).await;
    (status, headers)
}

/// Issue 29, item 8: the login limiter counts the address `X-Forwarded-For` names only when the
/// peer is a trusted proxy. Without `CHATLANE_TRUSTED_PROXIES`, fifty wrong passwords from one
/// peer lock that peer however each request's header varies; with the peer trusted, each
/// forwarded client is counted on its own.
#[tokio::test]
async fn x_forwarded_for_changes_the_counted_address_only_behind_a_trusted_proxy() {
    let attempts = async |app: &crate::support::TestApp, peer: [u8; 4]| {
        let mut statuses = Vec::new();
        for i in 0..51u8 {
            let forwarded = format!("203.0.113.{i}");
            let (status, _) = login_attempt(
                app,
                peer,
                &format!("nobody{i}@proxies.example"),
                "wrong password",
                &[("x-forwarded-for", forwarded.as_str())],
            )
            .await;
            statuses.push(status);
        }
        statuses
    };
    let direct = spawn_app().await;
    let statuses = attempts(&direct, [10, 1, 2, 3]).await;
    assert!(
        statuses[..50]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[50],
        StatusCode::TOO_MANY_REQUESTS,
        "an untrusted X-Forwarded-For escaped the per-address limit"
    );

    let proxied = spawn_app_with(&[("CHATLANE_TRUSTED_PROXIES", "10.1.2.3/32")]).await;
    let statuses = attempts(&proxied, [10, 1, 2, 3]).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "behind a trusted proxy each forwarded client counts alone: {statuses:?}"
    );
}

/// The `Set-Cookie` lines of a response.
fn set_cookies(headers: &axum::http::HeaderMap) -> Vec<String> {
    headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect()
}

/// Item 9: over https (the public URL, or a trusted proxy's `X-Forwarded-Proto`) the session
/// and device cookies are `__Host-` prefixed and `Secure`, and only the prefixed session cookie
/// is accepted; an untrusted peer cannot claim https.
#[tokio::test]
async fn over_https_the_session_cookie_is_host_prefixed_secure_and_the_only_one_accepted() {
    let https = spawn_app_with(&[("CHATLANE_PUBLIC_URL", "https://chatlane.test")]).await;
    let cookies = set_cookies(&login_from(&https, [127, 0, 0, 1], &[]).await);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-chatlane_session="))
        .cloned()
        .unwrap_or_else(|| panic!("no __Host- session cookie in {cookies:?}"));
    assert!(
        session.contains("; Secure") && session.contains("Path=/"),
        "{session}"
    );
    assert!(!session.contains("Domain="), "{session}");
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Host-chatlane_device=") && c.contains("; Secure")),
        "{cookies:?}"
    );
    let pair = session.split(';').next().unwrap_or_default().to_string();
    let token = pair.split_once('=').map(|(_, t)| t).unwrap_or_default();
    let page = https.send(Method::GET, "/inbox", Some(&pair), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let unprefixed = format!("chatlane_session={token}");
    let page = https
        .send(Method::GET, "/inbox", Some(&unprefixed), None)
        .await;
    assert!(
        page.status.is_redirection(),
        "a cookie without the prefix is not a session over https: {}",
        page.status
    );

    let proxied = spawn_app_with(&[("CHATLANE_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    let forwarded = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-for", "203.0.113.9"),
    ];
    let via_proxy = set_cookies(&login_from(&proxied, [10, 1, 2, 3], &forwarded).await);
    assert!(
        via_proxy
            .iter()
            .any(|c| c.starts_with("__Host-chatlane_session=") && c.contains("; Secure")),
        "{via_proxy:?}"
    );
    let direct = set_cookies(&login_from(&proxied, [198, 51, 100, 7], &forwarded).await);
    assert!(
        direct
            .iter()
            .any(|c| c.starts_with("chatlane_session=") && !c.contains("Secure")),
        "an untrusted peer's X-Forwarded-Proto is ignored: {direct:?}"
    );
}

/// Item 8: every response carries the browser's defences. A page's policy names the nonce its
/// every inline script carries, allows wasm without `'unsafe-eval'`, and forbids framing; other
/// responses run no script; HSTS only when the public URL is https.
#[tokio::test]
async fn every_response_carries_a_content_security_policy_and_the_other_defences() {
    let app = spawn_app().await;
    let page = app.send(Method::GET, "/login", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let policy = page
        .header("content-security-policy")
        .unwrap_or_default()
        .to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"))
        .to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(!policy.contains("'unsafe-eval'") && !policy.contains("'unsafe-inline'"));
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let scripts: Vec<&str> = page.body.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "the page hydrates with scripts");
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")) || tag.contains(" src="),
            "an inline script without this render's nonce: <script{tag}>"
        );
    }
    let again = app.send(Method::GET, "/login", None, None).await;
    assert!(
        !again
            .header("content-security-policy")
            .unwrap_or_default()
            .contains(&nonce),
        "each render draws its own nonce"
    );

    let api = app
        .api_raw(Method::GET, "/api/v1/conversations", None, None, "")
        .await;
    for headers in [&page.headers, &api.headers] {
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(get("x-frame-options"), Some("DENY"));
        assert_eq!(get("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            get("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(get("strict-transport-security"), None);
    }
    assert_eq!(
        api.header("content-security-policy"),
        Some(app::csp::OTHER_POLICY)
    );

    let https = spawn_app_with(&[("CHATLANE_PUBLIC_URL", "https://chatlane.test")]).await;
    let page = https.send(Method::GET, "/login", None, None).await;
    assert!(
        page.header("strict-transport-security")
            .is_some_and(|v| v.starts_with("max-age=31536000"))
    );
}

/// Item 7: `file_urls` downloads have their own destination rules. An agent token cannot read a
/// service inside the integrations' allow list through an attachment; a download the operator
/// allows streams to disk, and a refused or too-large one leaves no file behind.
#[tokio::test]
async fn attachments_do_not_reach_the_integrations_allow_list_and_leave_no_file_when_refused() {
    use crate::support::receivers::HttpReceiver;
    use serde_json::json;
    let files = HttpReceiver::start(200, "").await;
    let integrations_only = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let token = integrations_only
        .agent_token(&integrations_only.alpha)
        .await;
    let path = format!(
        "/api/v1/conversations/{}/messages",
        integrations_only.alpha.conversation_id
    );
    let internal = format!("{}/files/internal-report.txt", files.base);
    let r = integrations_only
        .post(
            &path,
            &token,
            json!({"body": "See attached", "type": "note", "file_urls": [internal]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.code(), "ATTACHMENT_DOWNLOAD_FAILED");
    assert!(
        r.json["error"]
            .as_str()
            .is_some_and(|m| m.contains("Blocked")),
        "{}",
        r.json
    );

    let downloads = spawn_app_with(&[("CHATLANE_DOWNLOAD_ALLOW", "127.0.0.1")]).await;
    let token = downloads.agent_token(&downloads.alpha).await;
    let path = format!(
        "/api/v1/conversations/{}/messages",
        downloads.alpha.conversation_id
    );
    let stored = || {
        std::fs::read_dir(downloads.data_dir().join("attachments"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let ok = downloads
        .post(
            &path,
            &token,
            json!({"body": "Invoice", "type": "note",
                   "file_urls": [format!("{}/files/invoice.txt", files.base)]}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json);
    assert_eq!(stored(), 1);
    let too_big = downloads
        .post(
            &path,
            &token,
            json!({"body": "Two files", "type": "note",
                   "file_urls": [format!("{}/files/a.txt", files.base),
                                 format!("{}/files/big", files.base)]}),
        )
        .await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored(), 1, "the refused message's files are gone");
}

/// Items 5 and 6 at the door: once an account's attempts are spent, the login form answers 429
/// with `Retry-After` (before any password is hashed).
#[tokio::test]
async fn a_locked_account_answers_429_with_retry_after() {
    let app = spawn_app().await;
    let email = app.alpha.admin_email.clone();
    for _ in 0..5 {
        let r = app.post_login(&email, "wrong password", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    let r = app.post_login(&email, crate::support::PASSWORD, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let wait: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=900).contains(&wait), "{wait}");
}

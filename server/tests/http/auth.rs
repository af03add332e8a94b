//! Login, logout and sessions through the real router.

use crate::support::{PASSWORD, spawn_app, spawn_app_with};
use axum::http::{Method, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_an_http_only_session_cookie_that_opens_the_inbox() {
    let app = spawn_app().await;
    let r = app.post_login(&app.alpha.admin_email, PASSWORD, None).await;
    let set_cookie = r
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http in tests: no Secure flag"
    );
    let cookie = r.session_cookie().expect("a session cookie");

    let inbox = app.send(Method::GET, "/inbox", Some(&cookie), None).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(
        inbox.body.contains("alpha secret subject"),
        "the SSR page lists the conversation"
    );
    assert!(
        inbox.body.contains("alpha Support"),
        "the sidebar lists the inbox"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_gets_a_message_and_no_session() {
    let app = spawn_app().await;
    let r = app.post_login(&app.alpha.admin_email, "wrong", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Wrong email or password."), "{}", r.body);
    assert!(r.session_cookie().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_visitors_are_sent_to_the_login_page() {
    let app = spawn_app().await;
    let r = app.send(Method::GET, "/inbox", None, None).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let r = app
        .send(Method::GET, "/inbox", Some("chatlane_session=forged"), None)
        .await;
    assert!(r.status.is_redirection());
}

/// Every page a signed-out visitor cannot see answers with a redirect from the server (no
/// empty shell left for the hydrated app to redirect), and `/` goes where the visitor belongs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_signed_in_page_redirects_on_the_server_and_the_root_goes_where_you_belong() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/inbox",
        "/inbox/1",
        "/contacts",
        "/integrations",
        "/integrations/new",
        "/integrations/1",
        "/inboxes/1/settings",
        "/settings",
        "/settings/api-tokens",
        "/settings/channels",
        "/settings/custom-entities",
        "/settings/webhooks",
    ] {
        let r = app.send(Method::GET, path, None, None).await;
        assert!(r.status.is_redirection(), "{path}: {}", r.status);
        assert_eq!(
            r.headers.get("location").and_then(|v| v.to_str().ok()),
            Some("/login"),
            "{path}"
        );
        assert!(!r.body.contains("<html"), "{path}: a page shell was sent");
    }
    let login = app.send(Method::GET, "/login", None, None).await;
    assert_eq!(login.status, StatusCode::OK);

    let cookie = app.login(&app.alpha.agent_email).await;
    let root = app.send(Method::GET, "/", Some(&cookie), None).await;
    assert!(root.status.is_redirection(), "{}", root.status);
    assert_eq!(
        root.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/inbox")
    );
    let inbox = app.send(Method::GET, "/inbox", Some(&cookie), None).await;
    assert_eq!(inbox.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let cookie = app.login(&app.alpha.agent_email).await;
    let r = app.call(&cookie, "logout", "").await;
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{}",
        r.status
    );
    let after = app.call(&cookie, "list_inboxes", "").await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the old cookie no longer works"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_with_a_session_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let cookie = app.login(&app.alpha.agent_email).await;
    let form = format!(
        "conversation_id={}&message_type=note&body=forged",
        app.alpha.conversation_id
    );
    let r = app
        .send_from(
            Method::POST,
            "/rpc/send_reply",
            Some(&cookie),
            Some(&form),
            "https://evil.example",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("CSRF_REJECTED"));
    let thread = app
        .call(
            &cookie,
            "get_conversation",
            &format!("id={}", app.alpha.conversation_id),
        )
        .await;
    assert!(!thread.body.contains("forged"));
    // Login CSRF: a foreign page cannot log the browser in either.
    let login = app
        .post_login(&app.alpha.agent_email, "x", Some("https://evil.example"))
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_of_two_teams_switches_between_them() {
    use backend::services::teams::TeamService;
    use model::Role;
    let app = spawn_app().await;
    let user = TeamService::find_user(&app.db, &app.alpha.agent_email)
        .await
        .expect("lookup")
        .expect("user");
    TeamService::set_membership(&app.db, app.bravo.id, user.id, Role::Agent)
        .await
        .expect("membership");
    let cookie = app.login(&app.alpha.agent_email).await;
    let before = app.call(&cookie, "list_inboxes", "").await;
    assert!(
        before.body.contains("alpha Support") && !before.body.contains("bravo Support"),
        "{}",
        before.body
    );

    let switched = app
        .call(&cookie, "switch_team", &format!("team_id={}", app.bravo.id))
        .await;
    assert!(switched.status.is_success(), "{}", switched.body);
    let after = app.call(&cookie, "list_inboxes", "").await;
    assert!(
        after.body.contains("bravo Support") && !after.body.contains("alpha Support"),
        "{}",
        after.body
    );

    // A team the user does not belong to is not found, and the session stays where it was.
    let third = TeamService::ensure_team(&app.db, "charlie", "charlie")
        .await
        .expect("team");
    assert_eq!(
        app.call(&cookie, "switch_team", &format!("team_id={}", third.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.call(&cookie, "list_inboxes", "")
            .await
            .body
            .contains("bravo Support")
    );
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

/// The login limiter counts the address `X-Forwarded-For` names only when the
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

/// Over https (the public URL, or a trusted proxy's `X-Forwarded-Proto`) the session
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

/// Once an account's attempts are spent, the login form answers 429
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

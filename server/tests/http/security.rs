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
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};
    let form = format!(
        "email={}&password={}",
        app.alpha.admin_email,
        crate::support::PASSWORD.replace(' ', "+")
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
    assert!(status.is_success() || status.is_redirection(), "{status}");
    headers
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

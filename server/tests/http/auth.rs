//! Login, logout and sessions through the real router.

use crate::support::{PASSWORD, spawn_app};
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

//! The inbox's server functions and pages: replies, roles and tenant isolation.

use crate::support::spawn_app;
use axum::http::{Method, StatusCode};
use backend::entities::conversation;
use sea_orm::EntityTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_replies_and_the_reply_is_in_the_thread() {
    let app = crate::support::spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let cookie = app.login(&app.alpha.agent_email).await;
    let form = format!(
        "conversation_id={}&message_type=email&body=On+its+way%21",
        app.alpha.conversation_id
    );
    // Until the Email channel is connected, an email reply is refused with the reason.
    let r = app.call(&cookie, "send_reply", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("no active Email channel"), "{}", r.body);

    let bridge = crate::support::receivers::HttpReceiver::start(200, "{}").await;
    app.connect_email_webhook(&app.alpha, &format!("{}/reply", bridge.base), None)
        .await;
    let r = app.call(&cookie, "send_reply", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Queued for the bridge; the worker may already have delivered it.
    assert!(
        r.body.contains(r#""delivery_status":"sending""#)
            || r.body.contains(r#""delivery_status":"sent""#),
        "{}",
        r.body
    );
    let page = app
        .send(
            Method::GET,
            &format!("/inbox/{}", app.alpha.conversation_id),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("On its way!"));
    for _ in 0..100 {
        if !bridge.received().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(bridge.received().len(), 1, "the reply reached the bridge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_reply_is_a_field_error_and_writes_nothing() {
    let app = spawn_app().await;
    let cookie = app.login(&app.alpha.agent_email).await;
    let form = format!(
        "conversation_id={}&message_type=note&body=+++",
        app.alpha.conversation_id
    );
    let r = app.call(&cookie, "send_reply", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("This field is required."), "{}", r.body);
    let bad_type = format!(
        "conversation_id={}&message_type=pigeon&body=hi",
        app.alpha.conversation_id
    );
    assert_eq!(
        app.call(&cookie, "send_reply", &bad_type).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let not_a_number = app
        .call(
            &cookie,
            "send_reply",
            "conversation_id=abc&message_type=note&body=hi",
        )
        .await;
    assert!(not_a_number.status.is_client_error() || not_a_number.status.is_server_error());
    let thread = app
        .call(
            &cookie,
            "get_conversation",
            &format!("id={}", app.alpha.conversation_id),
        )
        .await;
    assert_eq!(
        thread.body.matches("\"body\"").count(),
        1,
        "still one message: {}",
        thread.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_b_never_sees_team_a() {
    let app = spawn_app().await;
    let cookie = app.login(&app.bravo.admin_email).await;
    let a = &app.alpha;
    for (function, form) in [
        ("get_conversation", format!("id={}", a.conversation_id)),
        (
            "send_reply",
            format!(
                "conversation_id={}&message_type=note&body=hi",
                a.conversation_id
            ),
        ),
        (
            "set_status",
            format!("conversation_id={}&status=closed", a.conversation_id),
        ),
        (
            "add_tag",
            format!("conversation_id={}&tag=x", a.conversation_id),
        ),
        ("get_contact_profile", format!("id={}", a.contact_id)),
    ] {
        let r = app.call(&cookie, function, &form).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{function}: {}", r.body);
        assert!(!r.body.contains("alpha"), "{function} leaked: {}", r.body);
    }
    let list = app
        .call(
            &cookie,
            "list_conversations",
            &format!("inbox_id={}&page=1", a.inbox_id),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("alpha secret subject"));
    let page = app
        .send(
            Method::GET,
            &format!("/inbox/{}", a.conversation_id),
            Some(&cookie),
            None,
        )
        .await;
    assert!(!page.body.contains("alpha secret subject"));
    assert!(page.body.contains("Not found."));
    let contacts = app
        .send(Method::GET, "/contacts?q=alpha", Some(&cookie), None)
        .await;
    assert!(!contacts.body.contains("alpha Customer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_get_the_admins_only_page_and_admins_the_settings() {
    let app = spawn_app().await;
    let agent = app.login(&app.alpha.agent_email).await;
    let r = app.send(Method::GET, "/settings", Some(&agent), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Admins only"));
    assert_eq!(
        app.call(&agent, "list_team_members", "").await.status,
        StatusCode::FORBIDDEN
    );

    let admin = app.login(&app.alpha.admin_email).await;
    let r = app.send(Method::GET, "/settings", Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("agent@alpha.example"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_and_unknown_api_paths() {
    let app = spawn_app().await;
    let h = app.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.body, r#"{"status":"ok"}"#);
    let live = app.send(Method::GET, "/livez", None, None).await;
    assert_eq!(
        (live.status, live.body.as_str()),
        (StatusCode::OK, r#"{"status":"ok"}"#)
    );
    let m = app.send(Method::GET, "/metrics", None, None).await;
    assert!(
        m.body
            .contains("chatlane_http_responses_total{class=\"2xx\"}")
    );
    let api = app
        .send(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.body,
        r#"{"error":"Resource not found.","code":"NOT_FOUND","details":{}}"#
    );
    let css = app.send(Method::GET, "/assets/app.css", None, None).await;
    assert!(
        css.body.contains(".bg-indigo-600"),
        "the stylesheet has the classes the app uses"
    );
}

/// A GET never changes state. Rendering `/inbox/{id}` leaves the conversation unread (a
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

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

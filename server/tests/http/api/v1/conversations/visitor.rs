//! The `visitor` object of `POST /api/v1/conversations` and of message creation.

use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_visit_sent_with_a_conversation_is_shown_on_it_and_a_later_message_replaces_it() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Question about pricing",
                "body": "Do you have a plan for teams?",
                "visitor": {
                    "ip": " 64.145.94.51 ",
                    "page_url": "https://shop.example.com/pricing",
                    "referrer": "",
                    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
                    "location": "Costa Mesa, California, United States"
                }
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(
        r.json["data"]["visitor"],
        json!({
            "ip": "64.145.94.51",
            "page_url": "https://shop.example.com/pricing",
            "referrer": null,
            "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
            "location": "Costa Mesa, California, United States"
        })
    );
    let id = r.json["data"]["id"].as_i64().expect("id");

    let m = app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            &token,
            json!({
                "body": "Now on the checkout page",
                "type": "note",
                "visitor": {"ip": "2001:db8::1", "page_url": "https://shop.example.com/checkout"}
            }),
        )
        .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.json);
    let got = app
        .get(&format!("/api/v1/conversations/{id}"), &token)
        .await;
    assert_eq!(
        got.json["data"]["visitor"],
        json!({
            "ip": "2001:db8::1",
            "page_url": "https://shop.example.com/checkout",
            "referrer": null,
            "user_agent": null,
            "location": null
        })
    );

    // A conversation nobody sent a visit with has none.
    let plain = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({"inbox_id": app.alpha.inbox_id, "contact_id": app.alpha.contact_id, "subject": "Plain"}),
        )
        .await;
    assert!(
        plain.json["data"].get("visitor").is_none(),
        "{}",
        plain.json
    );
}

#[tokio::test]
async fn a_wrong_visit_is_a_422_naming_each_field_and_nothing_is_created() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let before = app.get("/api/v1/conversations", &token).await.json["meta"]["total"].clone();
    let r = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Bad visit",
                "visitor": {
                    "ip": "not-an-ip",
                    "page_url": "javascript:alert(1)",
                    "location": "x".repeat(201)
                }
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.code(), "VALIDATION_ERROR");
    insta::assert_json_snapshot!(r.json["details"]);
    let after = app.get("/api/v1/conversations", &token).await.json["meta"]["total"].clone();
    assert_eq!(before, after);

    let unknown = app
        .post(
            "/api/v1/conversations",
            &token,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Unknown visit field",
                "visitor": {"screen": "1920x1080"}
            }),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unknown.json
    );
}

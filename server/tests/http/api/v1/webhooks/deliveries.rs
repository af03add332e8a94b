//! Events through the real workers to a receiver on loopback: the REST shapes, Standard Webhooks
//! signatures, the delivery log and redelivery.

use super::{app_allowing_loopback, create_webhook};
use crate::support::receivers::HttpReceiver;
use axum::http::{Method, StatusCode};
use backend::outbound::signing;
use serde_json::{Value, json};
use std::time::Duration;

async fn until<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(v) = probe().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("gave up waiting");
}

#[tokio::test]
async fn a_new_contact_arrives_signed_in_the_apis_shape_and_can_be_redelivered() {
    let app = app_allowing_loopback().await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, "{\"received\": true}").await;
    let hook = create_webhook(
        &app,
        &admin,
        &format!("{}/in", receiver.base),
        &["contact.created"],
    )
    .await;
    let (id, secret) = (
        hook["id"].as_i64().unwrap_or_default(),
        hook["secret"].as_str().unwrap_or_default().to_string(),
    );

    let created = app
        .post(
            "/api/v1/contacts",
            &admin,
            json!({"name": "Dana Scully", "email": "dana@example.com"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    let got = until(async || receiver.received().first().cloned()).await;
    let body: Value = serde_json::from_slice(&got.body).unwrap_or_default();
    assert_eq!(body["type"], "contact.created");
    assert_eq!(
        body["data"], created.json["data"],
        "the same shape as the REST API's"
    );
    let header = |name: &str| {
        got.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let expected = signing::signature(
        &secret,
        &header("webhook-id"),
        header("webhook-timestamp").parse().unwrap_or(0),
        &got.body,
    );
    assert_eq!(header("webhook-signature"), expected);

    let path = format!("/api/v1/webhooks/{id}/deliveries");
    let log = until(async || {
        let r = app.get(&path, &admin).await;
        (r.json["data"][0]["status"] == "succeeded").then_some(r)
    })
    .await;
    assert_eq!(
        log.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let delivery = &log.json["data"][0];
    assert_eq!(delivery["event"], "contact.created");
    assert_eq!(delivery["message_id"], header("webhook-id"));
    assert_eq!(delivery["attempts_log"][0]["status"], 200);
    assert_eq!(
        delivery["attempts_log"][0]["response_excerpt"],
        "{\"received\": true}"
    );

    let delivery_id = delivery["id"].as_i64().unwrap_or_default();
    let r = app
        .api(
            Method::POST,
            &format!("{path}/{delivery_id}/redeliver"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let again = until(async || receiver.received().get(1).cloned()).await;
    assert_eq!(again.body, got.body, "the same bytes");
    assert_eq!(
        again.headers.get("webhook-id"),
        got.headers.get("webhook-id")
    );
    let r = app
        .api(
            Method::POST,
            &format!("{path}/999999/redeliver"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The test event goes to this webhook whatever it subscribes to.
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/webhooks/{id}/test"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let test = until(async || receiver.received().get(2).cloned()).await;
    let body: Value = serde_json::from_slice(&test.body).unwrap_or_default();
    assert_eq!(body["type"], "webhook.test");
}

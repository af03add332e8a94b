//! A webhook in the `chatlio` payload format: a closed conversation's transcript arrives in
//! Chatlio's JSON, field for field, signed as every delivery is.

use super::app_allowing_loopback;
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::StatusCode;
use backend::outbound::signing;
use serde_json::{Value, json};
use std::time::Duration;

/// `value` with what changes from run to run (times, uuids) replaced, in keys and inside the
/// bodies.
fn stable(mut value: Value) -> Value {
    let mut times: Vec<String> = Vec::new();
    for m in value["messages"].as_array().cloned().unwrap_or_default() {
        times.extend(m["sentAt"].as_str().map(str::to_string));
    }
    fn walk(v: &mut Value, times: &[String]) {
        match v {
            Value::Object(map) => {
                for (key, item) in map.iter_mut() {
                    let volatile = key.ends_with("At") || key == "ts" || key.ends_with("UUID");
                    match item {
                        Value::String(s) if volatile && !s.is_empty() => {
                            *item = Value::String(format!("[{key}]"));
                        }
                        _ => walk(item, times),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, times)),
            Value::String(s) => {
                for t in times {
                    *s = s.replace(t.as_str(), "[sentAt]");
                }
            }
            _ => {}
        }
    }
    walk(&mut value, &times);
    value
}

#[tokio::test]
async fn a_closed_conversation_reaches_a_chatlio_receiver_in_chatlios_json_signed() {
    let app = spawn_app_with(&[
        ("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1"),
        ("CHATLANE_PUBLIC_URL", "http://help.acme.example"),
    ])
    .await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, "ok").await;
    let created = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({
                "url": format!("{}/chatlio", receiver.base),
                "events": ["conversation.transcript"],
                "payload_format": "chatlio"
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.json["data"]["payload_format"], "chatlio");
    let secret = created.json["data"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let conversation = app
        .post(
            "/api/v1/conversations",
            &admin,
            json!({
                "inbox_id": app.alpha.inbox_id,
                "contact_id": app.alpha.contact_id,
                "subject": "Webhooks",
                "body": "Hi! I love your webhooks!",
                "visitor": {
                    "ip": "64.145.94.51",
                    "page_url": "http://chatlio.com/docs",
                    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_5)",
                    "location": "Costa Mesa, California, United States"
                }
            }),
        )
        .await;
    assert_eq!(
        conversation.status,
        StatusCode::CREATED,
        "{}",
        conversation.json
    );
    let id = conversation.json["data"]["id"].as_i64().expect("id");
    let note = app
        .post(
            &format!("/api/v1/conversations/{id}/messages"),
            &admin,
            json!({"body": "Internal: VIP, be nice", "type": "note"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.json);

    let cookie = app.login(&app.alpha.admin_email).await;
    let closed = app
        .call(
            &cookie,
            "set_status",
            &format!("conversation_id={id}&status=closed"),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);

    let mut got = None;
    for _ in 0..100 {
        if let Some(r) = receiver.received().into_iter().next() {
            got = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = got.expect("the transcript arrives");
    let header = |name: &str| {
        got.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        header("webhook-signature"),
        signing::signature(
            &secret,
            &header("webhook-id"),
            header("webhook-timestamp").parse().unwrap_or(0),
            &got.body,
        ),
        "signed as every delivery is"
    );
    let body: Value = serde_json::from_slice(&got.body).expect("JSON");
    assert!(
        body.get("type").is_none(),
        "Chatlio's JSON, not our envelope"
    );
    assert_eq!(
        body["archiveUrl"],
        format!("http://help.acme.example/inbox/{id}")
    );
    assert!(
        !body.to_string().contains("Internal: VIP"),
        "internal notes stay in the team"
    );
    insta::assert_json_snapshot!(stable(body));
}

#[tokio::test]
async fn the_chatlio_format_is_refused_for_other_events_and_unknown_formats() {
    let app = app_allowing_loopback().await;
    let admin = app.admin_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({
                "url": "http://127.0.0.1:9/hook",
                "events": ["conversation.transcript", "message.created"],
                "payload_format": "chatlio"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(
        r.json["details"]["events"],
        json!([
            "The Chatlio format carries transcripts only: subscribe to conversation.transcript alone."
        ])
    );
    let r = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({
                "url": "http://127.0.0.1:9/hook",
                "events": ["conversation.transcript"],
                "payload_format": "zapier"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(
        r.json["details"]["payload_format"],
        json!(["Must be chatlane or chatlio."])
    );

    // PATCH to Chatlio keeps the other fields and checks them together.
    let hook = super::create_webhook(
        &app,
        &admin,
        "http://127.0.0.1:9/hook",
        &["conversation.transcript"],
    )
    .await;
    let path = format!("/api/v1/webhooks/{}", hook["id"]);
    assert_eq!(hook["payload_format"], "chatlane", "the default");
    let r = app
        .patch(&path, &admin, json!({"payload_format": "chatlio"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["data"]["payload_format"], "chatlio");
}

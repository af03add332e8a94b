//! `POST /api/v1/webhooks`, `GET /api/v1/webhooks[/{id}]`, `POST .../rotate-secret`.

use super::{app_allowing_loopback, create_webhook};
use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn the_secret_is_in_the_create_and_rotate_answers_only() {
    let app = app_allowing_loopback().await;
    let admin = app.admin_token(&app.alpha).await;
    let created = create_webhook(
        &app,
        &admin,
        "http://127.0.0.1:9/hook",
        &["conversation.transcript", "conversation.closed"],
    )
    .await;
    let secret = created["secret"].as_str().unwrap_or_default().to_string();
    assert!(secret.starts_with("whsec_"), "{created}");
    let mut shown = stable(&created);
    shown["secret"] = json!("[secret]");
    shown["id"] = json!("[id]");
    insta::assert_json_snapshot!(shown);

    let id = created["id"].as_i64().unwrap_or_default();
    let one = app.get(&format!("/api/v1/webhooks/{id}"), &admin).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.json["data"].get("secret").is_none());
    let list = app.get("/api/v1/webhooks", &admin).await;
    // The harness's own webhook, then this one.
    assert_eq!(list.json["meta"]["total"], 2);
    assert_eq!(list.json["data"][1]["id"], id);
    assert!(!list.json.to_string().contains(&secret));

    let rotated = app
        .api(
            Method::POST,
            &format!("/api/v1/webhooks/{id}/rotate-secret"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.json);
    let new = rotated.json["data"]["secret"].as_str().unwrap_or_default();
    assert!(new.starts_with("whsec_") && new != secret);
}

#[tokio::test]
async fn bad_fields_private_addresses_and_agents_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"url": "ftp://x", "events": ["conversation.deleted"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR")
    );
    insta::assert_json_snapshot!(r.json);
    // Loopback is private unless the operator allows it (this app does not).
    for url in [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest",
        "http://10.1.2.3/",
    ] {
        let r = app
            .post(
                "/api/v1/webhooks",
                &admin,
                json!({"url": url, "events": ["contact.created"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(
            r.json["details"]["url"][0]
                .as_str()
                .is_some_and(|m| m.contains("not public")),
            "{}",
            r.json
        );
    }
    let agent = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/webhooks",
            &agent,
            json!({"url": "https://hooks.example.com/", "events": ["contact.created"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "UNAUTHORIZED")
    );
    let r = app.api(Method::GET, "/api/v1/webhooks", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

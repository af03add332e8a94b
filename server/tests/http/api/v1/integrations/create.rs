//! `POST /api/v1/integrations`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_admin_creates_an_integration_and_reads_its_secrets_masked() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/integrations",
            &token,
            json!({
                "name": "Customer Data Lookup",
                "description": "Fetch subscription and support tier from CRM",
                "url": "https://api.yourcompany.com/customers/{{contact.email}}",
                "headers": [
                    {"name": "Authorization", "value": "Bearer your-api-token-here"},
                    {"name": "Content-Type", "value": "application/json"}
                ],
                "cache_minutes": 15
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    insta::assert_json_snapshot!(stable(&r.json));
    assert!(!r.json.to_string().contains("your-api-token"));
}

#[tokio::test]
async fn agents_may_not_and_mistakes_name_their_fields() {
    let app = spawn_app().await;
    let agent = app.agent_token(&app.alpha).await;
    let body = json!({"name": "X", "url": "https://crm.example.com/"});
    let r = app.post("/api/v1/integrations", &agent, body).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "UNAUTHORIZED")
    );
    let admin = app.admin_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/integrations",
            &admin,
            json!({
                "name": "",
                "url": "https://crm.example.com/c/{{contact.emial}}",
                "timeout_seconds": 60,
                "cache_minutes": 2000,
                "headers": [{"name": "Host", "value": "evil"}]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
    let private = app
        .post(
            "/api/v1/integrations",
            &admin,
            json!({"name": "Metadata", "url": "http://169.254.169.254/latest"}),
        )
        .await;
    assert_eq!(private.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        private.json["details"]["url"][0]
            .as_str()
            .is_some_and(|m| m.contains("not public")),
        "{}",
        private.json
    );
}

#[tokio::test]
async fn a_display_template_is_checked_on_save() {
    let app = spawn_app().await;
    let admin = app.admin_token(&app.alpha).await;
    let r = app
        .post("/api/v1/integrations", &admin, json!({
                "name": "Orders",
                "url": "https://orders.example.com/c/{{contact.id}}",
                "template": {"sections": [{"type": "carousel"}, {"type": "table", "path": "orders[", "columns": []}]}
            }))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json["details"]["template.sections.0.type"][0],
        "Unknown section type `carousel`."
    );
    let ok = app
        .post("/api/v1/integrations", &admin, json!({
                "name": "Orders",
                "url": "https://orders.example.com/c/{{contact.id}}",
                "template": {"sections": [{"type": "key_value", "title": "Customer", "fields": [{"label": "Plan", "path": "subscription.plan", "format": "status"}]}]}
            }))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json);
    assert_eq!(
        ok.json["data"]["template"]["version"], 1,
        "stored in the spec's own shape"
    );
}

#[tokio::test]
async fn run_conditions_are_kept_as_sent_and_bad_ones_name_their_row() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let conditions = json!([
        {"path": "conversation.status", "op": "equals", "value": "active"},
        {"path": "contact.attributes.plan", "op": "contains", "value": "gold"}
    ]);
    let r = app
        .post(
            "/api/v1/integrations",
            &token,
            json!({
                "name": "Gold customers",
                "url": "https://crm.example.com/c/{{contact.email}}",
                "run_conditions": conditions,
                "skipped_card": "explain"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["data"]["run_conditions"], conditions);
    assert_eq!(r.json["data"]["skipped_card"], "explain");

    let r = app
        .post(
            "/api/v1/integrations",
            &token,
            json!({
                "name": "Bad",
                "url": "https://crm.example.com/c",
                "run_conditions": [
                    {"path": "contact.secret", "op": "exists", "value": "x"},
                    {"path": "inbox.name", "op": "equals", "value": " "}
                ]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
}

//! `/api/v1/webhooks` (admin tokens).

mod chatlio;
mod create;
mod delete;
mod deliveries;
mod update;

use crate::support::{TestApp, spawn_app_with};
use serde_json::{Value, json};

/// The app with loopback allowed as a destination (its receivers run there).
pub async fn app_allowing_loopback() -> TestApp {
    spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await
}

/// Creates a webhook for `events` at `url` as `token`'s user; the answer's `data`.
pub async fn create_webhook(app: &TestApp, token: &str, url: &str, events: &[&str]) -> Value {
    let r = app
        .post(
            "/api/v1/webhooks",
            token,
            json!({"url": url, "description": "CRM", "events": events}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    r.json["data"].clone()
}

/// Creates alpha's webhook for `contact.created` at a loopback port nothing listens on, as
/// `token`'s user; its path (`/api/v1/webhooks/{id}`).
pub async fn a_webhook_path(app: &TestApp, token: &str) -> String {
    let id =
        create_webhook(app, token, "http://127.0.0.1:9/hook", &["contact.created"]).await["id"]
            .as_i64()
            .unwrap_or_default();
    format!("/api/v1/webhooks/{id}")
}

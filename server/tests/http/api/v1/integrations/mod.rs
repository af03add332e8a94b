//! `/api/v1/integrations` (admin tokens).

mod cache;
mod create;
mod delete;
mod get;
mod list;
mod test;
mod update;

use crate::support::TestApp;
use crate::support::receivers::HttpReceiver;
use serde_json::{Value, json};

/// Creates an integration POSTing to `receiver` (answering JSON) as alpha's admin; its id.
pub async fn bridge_integration(
    app: &TestApp,
    token: &str,
    receiver: &HttpReceiver,
    cache: u32,
) -> i64 {
    let r = app
        .post(
            "/api/v1/integrations",
            token,
            json!({
                "name": "Orders",
                "method": "POST",
                "url": format!("{}/orders", receiver.base),
                "headers": [{"name": "X-Api-Key", "value": "orders-secret-abcdef"}],
                "body": "{\"email\": \"{{contact.email}}\", \"conversation\": {{conversation.id}}}",
                "cache_minutes": cache
            }),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.json);
    r.json["data"]["id"].as_i64().unwrap_or_default()
}

/// Attaches `ids` to team alpha's inbox, in that order, as its only integrations.
pub async fn attach_to_alpha(app: &TestApp, token: &str, ids: &[i64]) {
    let links: Vec<Value> = ids.iter().map(|id| json!({"integration_id": id})).collect();
    let r = app
        .put(
            &format!("/api/v1/inboxes/{}/integrations", app.alpha.inbox_id),
            token,
            json!({ "integrations": links }),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.json);
}

/// The JSON body of the last request `receiver` got.
pub fn last_body(receiver: &HttpReceiver) -> Value {
    receiver
        .received()
        .last()
        .and_then(|r| serde_json::from_slice(&r.body).ok())
        .unwrap_or(Value::Null)
}

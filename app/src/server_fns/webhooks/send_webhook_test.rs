//! `send_webhook_test`: queues a `webhook.test` event for one webhook (admins only).

use crate::errors::AppError;
use leptos::prelude::*;

/// Queues a `webhook.test` event for one webhook (admins only).
#[server(prefix = "/rpc", endpoint = "send_webhook_test")]
pub async fn send_webhook_test(id: i64) -> Result<(), AppError> {
    use backend::services::webhooks::deliveries::DeliveryLog;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    DeliveryLog::send_test(&state, &s.actor, id).await?;
    Ok(())
}

//! `redeliver_webhook_delivery`: sends a delivery again now, with the same `webhook-id` and body
//! (admins only).

use crate::errors::AppError;
use leptos::prelude::*;

/// Sends a delivery again now, with the same `webhook-id` and body (admins only).
#[server(prefix = "/rpc", endpoint = "redeliver_webhook_delivery")]
pub async fn redeliver_webhook_delivery(id: i64, delivery_id: i64) -> Result<(), AppError> {
    use backend::services::webhooks::deliveries::DeliveryLog;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    DeliveryLog::redeliver(&state, &s.actor, id, delivery_id).await?;
    Ok(())
}

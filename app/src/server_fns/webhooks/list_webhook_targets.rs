//! `list_webhook_targets`: the team's active webhooks an agent may send a transcript to (any
//! member).

use crate::errors::AppError;
use leptos::prelude::*;
use model::webhook::WebhookTarget;

/// The team's active webhooks an agent may send a transcript to (any member).
#[server(prefix = "/rpc", endpoint = "list_webhook_targets")]
pub async fn list_webhook_targets() -> Result<Vec<WebhookTarget>, AppError> {
    use backend::services::webhooks::deliveries::DeliveryLog;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(DeliveryLog::targets(&state, &s.actor).await?)
}

//! `list_webhook_deliveries`: a webhook's latest deliveries with their attempts (admins only).

use crate::errors::AppError;
use leptos::prelude::*;
use model::webhook::DeliveryView;

/// A webhook's latest deliveries with their attempts (admins only).
#[server(prefix = "/rpc", endpoint = "list_webhook_deliveries")]
pub async fn list_webhook_deliveries(id: i64) -> Result<Vec<DeliveryView>, AppError> {
    use backend::services::webhooks::deliveries::DeliveryLog;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(DeliveryLog::list(&state, &s.actor, id).await?)
}

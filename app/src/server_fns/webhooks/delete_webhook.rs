//! `delete_webhook`: deletes a webhook with its delivery log (admins only).

use crate::errors::AppError;
use leptos::prelude::*;

/// Deletes a webhook with its delivery log (admins only).
#[server(prefix = "/rpc", endpoint = "delete_webhook")]
pub async fn delete_webhook(id: i64) -> Result<(), AppError> {
    use backend::services::webhooks::WebhookService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    WebhookService::delete(&state, &s.actor, id).await?;
    Ok(())
}

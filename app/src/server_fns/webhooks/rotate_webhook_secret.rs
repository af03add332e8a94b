//! `rotate_webhook_secret`: a new signing secret, returned once; the old one keeps signing beside
//! it for 24 hours.

use crate::errors::AppError;
use leptos::prelude::*;

/// A new signing secret, returned once; the old one keeps signing beside it for 24 hours.
#[server(prefix = "/rpc", endpoint = "rotate_webhook_secret")]
pub async fn rotate_webhook_secret(id: i64) -> Result<String, AppError> {
    use backend::services::webhooks::WebhookService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let rotated = WebhookService::rotate_secret(&state, &s.actor, id).await?;
    rotated.secret.ok_or(AppError::Internal)
}

//! `create_webhook`: creates a webhook from the settings form; the answer carries the signing
//! secret, the only time it is shown.

use crate::errors::AppError;
use leptos::prelude::*;
use model::webhook::{WebhookInput, WebhookView};

/// Creates a webhook from the settings form; the answer carries the signing secret, the only
/// time it is shown.
#[server(prefix = "/rpc", endpoint = "create_webhook", input = server_fn::codec::Json)]
pub async fn create_webhook(input: WebhookInput) -> Result<WebhookView, AppError> {
    use backend::services::webhooks::WebhookService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(WebhookService::create(&state, &s.actor, input).await?)
}

//! `list_webhooks`: the team's webhooks (admins only), without secrets.

use crate::errors::AppError;
use leptos::prelude::*;
use model::webhook::WebhookView;

/// The team's webhooks (admins only), without secrets.
#[server(prefix = "/rpc", endpoint = "list_webhooks")]
pub async fn list_webhooks() -> Result<Vec<WebhookView>, AppError> {
    use backend::services::webhooks::{WebhookService, view};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let rows = WebhookService::list(&state, &s.actor).await?;
    Ok(rows
        .iter()
        .map(|r| view(r, None))
        .collect::<Result<_, _>>()?)
}

//! `set_webhook_active`: switches a webhook on or off (switching on clears Chatlane's reason for
//! switching it off).

use crate::errors::AppError;
use leptos::prelude::*;

/// Switches a webhook on or off (switching on clears Chatlane's reason for switching it off).
#[server(prefix = "/rpc", endpoint = "set_webhook_active")]
pub async fn set_webhook_active(id: i64, active: bool) -> Result<(), AppError> {
    use backend::services::webhooks::{WebhookChange, WebhookService};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let change = WebhookChange {
        is_active: Some(active),
        ..Default::default()
    };
    WebhookService::update(&state, &s.actor, id, change).await?;
    Ok(())
}

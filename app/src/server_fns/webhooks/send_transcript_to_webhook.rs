//! `send_transcript_to_webhook`: "Send to webhook": queues the conversation's transcript for the
//! webhook the agent picked.

use crate::errors::AppError;
use leptos::prelude::*;

/// "Send to webhook": queues the conversation's transcript for the webhook the agent picked.
#[server(prefix = "/rpc", endpoint = "send_transcript_to_webhook")]
pub async fn send_transcript_to_webhook(
    conversation_id: i64,
    webhook_id: i64,
) -> Result<(), AppError> {
    use backend::services::webhooks::deliveries::DeliveryLog;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    DeliveryLog::send_transcript(&state, &s.actor, webhook_id, conversation_id).await?;
    Ok(())
}

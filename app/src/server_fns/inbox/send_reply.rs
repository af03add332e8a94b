//! `send_reply`: appends a reply (`email` or `note`) to the conversation; an email is queued for
//! the inbox's connected Email channel.

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationDetail;

/// Appends a reply (`email` or `note`) to the conversation; an email is queued for the inbox's
/// connected Email channel.
#[server(prefix = "/rpc", endpoint = "send_reply")]
pub async fn send_reply(
    conversation_id: i64,
    message_type: String,
    body: String,
) -> Result<ConversationDetail, AppError> {
    use backend::services::conversations::ConversationService;
    use model::MessageType;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let message_type: MessageType =
        crate::server_fns::context::parse_field("message_type", &message_type)?;
    Ok(ConversationService::reply(&state, &s.actor, conversation_id, message_type, &body).await?)
}

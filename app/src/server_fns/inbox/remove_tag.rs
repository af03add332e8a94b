//! `remove_tag`: removes a tag from a conversation.

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationDetail;

/// Removes a tag from a conversation.
#[server(prefix = "/rpc", endpoint = "remove_tag")]
pub async fn remove_tag(conversation_id: i64, tag_id: i64) -> Result<ConversationDetail, AppError> {
    use backend::services::conversations::ConversationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ConversationService::remove_tag(&state.db, &s.actor, conversation_id, tag_id).await?)
}

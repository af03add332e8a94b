//! `add_tag`: tags a conversation by tag name (new names become tags).

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationDetail;

/// Tags a conversation by tag name (new names become tags).
#[server(prefix = "/rpc", endpoint = "add_tag")]
pub async fn add_tag(conversation_id: i64, tag: String) -> Result<ConversationDetail, AppError> {
    use backend::services::conversations::ConversationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ConversationService::add_tag(&state.db, &s.actor, conversation_id, &tag).await?)
}

//! `get_conversation`: a conversation with its thread.

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationDetail;

/// A conversation with its thread. Reading it changes nothing (pages render it on GET).
#[server(prefix = "/rpc", endpoint = "get_conversation")]
pub async fn get_conversation(id: i64) -> Result<ConversationDetail, AppError> {
    use backend::services::conversations::ConversationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ConversationService::view(&state.db, &s.actor, id).await?)
}

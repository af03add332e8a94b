//! `mark_conversation_read`: marks a conversation read: the browser calls it (a POST) once the
//! agent has the conversation on screen, never a page render, so a link cannot hide unread
//! messages.

use crate::errors::AppError;
use leptos::prelude::*;

/// Marks a conversation read: the browser calls it (a POST) once the agent has the conversation
/// on screen, never a page render, so a link cannot hide unread messages.
#[server(prefix = "/rpc", endpoint = "mark_conversation_read")]
pub async fn mark_conversation_read(id: i64) -> Result<(), AppError> {
    use backend::services::conversations::ConversationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ConversationService::mark_read(&state.db, &s.actor, id).await?)
}

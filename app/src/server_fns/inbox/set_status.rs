//! `set_status`: sets a conversation's status (`active`, `pending`, `closed`).

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationDetail;

/// Sets a conversation's status (`active`, `pending`, `closed`).
#[server(prefix = "/rpc", endpoint = "set_status")]
pub async fn set_status(
    conversation_id: i64,
    status: String,
) -> Result<ConversationDetail, AppError> {
    use backend::services::conversations::ConversationService;
    use model::ConversationStatus;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let status: ConversationStatus = crate::server_fns::context::parse_field("status", &status)?;
    Ok(ConversationService::set_status(&state.db, &s.actor, conversation_id, status).await?)
}

//! `list_conversations`: one page of conversations, optionally for one inbox and one status
//! (`active`, `pending`, `closed`).

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::ConversationListItem;
use model::page::Page;

/// One page of conversations, optionally for one inbox and one status (`active`, `pending`, `closed`).
#[server(prefix = "/rpc", endpoint = "list_conversations")]
pub async fn list_conversations(
    inbox_id: Option<i64>,
    status: Option<String>,
    page: u64,
) -> Result<Page<ConversationListItem>, AppError> {
    use backend::services::conversations::ConversationService;
    use model::conversation::ConversationFilter;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let status = match status.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => Some(crate::server_fns::context::parse_field("status", text)?),
        None => None,
    };
    let filter = ConversationFilter {
        inbox_id,
        status,
        page,
    };
    Ok(ConversationService::list(&state.db, &s.actor, &filter).await?)
}

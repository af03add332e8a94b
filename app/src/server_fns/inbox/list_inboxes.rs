//! `list_inboxes`: the team's inboxes with unread counts.

use crate::errors::AppError;
use leptos::prelude::*;
use model::conversation::InboxSummary;

/// The team's inboxes with unread counts.
#[server(prefix = "/rpc", endpoint = "list_inboxes")]
pub async fn list_inboxes() -> Result<Vec<InboxSummary>, AppError> {
    use backend::services::inboxes::InboxService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(InboxService::list_with_unread(&state.db, &s.actor).await?)
}

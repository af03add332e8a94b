//! `list_inbox_integrations`: the integrations one of the team's inboxes runs, in display order
//! (its settings tab).

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::view::InboxIntegration;

/// The integrations one of the team's inboxes runs, in display order (its settings tab).
#[server(prefix = "/rpc", endpoint = "list_inbox_integrations")]
pub async fn list_inbox_integrations(inbox_id: i64) -> Result<Vec<InboxIntegration>, AppError> {
    use backend::services::integrations::inbox_links::InboxLinkService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(InboxLinkService::of_inbox(&state.db, &s.actor, inbox_id).await?)
}

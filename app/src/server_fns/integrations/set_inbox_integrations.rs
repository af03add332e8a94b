//! `set_inbox_integrations`: replaces an inbox's integrations with `order`, in display order (only
//! `integration_id` and `enabled` are read); admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::view::InboxIntegration;

/// Replaces an inbox's integrations with `order`, in display order (only `integration_id` and
/// `enabled` are read); admins only.
#[server(prefix = "/rpc", endpoint = "set_inbox_integrations", input = server_fn::codec::Json)]
pub async fn set_inbox_integrations(
    inbox_id: i64,
    order: Vec<InboxIntegration>,
) -> Result<(), AppError> {
    use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let list: Vec<InboxLink> = order
        .iter()
        .map(|i| InboxLink {
            integration_id: i.integration_id,
            enabled: i.enabled,
        })
        .collect();
    InboxLinkService::set_for_inbox(&state.db, &s.actor, inbox_id, &list).await?;
    Ok(())
}

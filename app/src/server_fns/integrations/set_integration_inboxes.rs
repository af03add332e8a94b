//! `set_integration_inboxes`: attaches integration `id` to the inboxes marked attached in
//! `choices`, enabled or not, and detaches it from the others; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::view::InboxChoice;

/// Attaches integration `id` to the inboxes marked attached in `choices`, enabled or not, and
/// detaches it from the others; admins only.
#[server(prefix = "/rpc", endpoint = "set_integration_inboxes", input = server_fn::codec::Json)]
pub async fn set_integration_inboxes(id: i64, choices: Vec<InboxChoice>) -> Result<(), AppError> {
    use backend::services::integrations::inbox_links::InboxLinkService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let wanted: Vec<(i64, Option<bool>)> = choices
        .iter()
        .map(|c| (c.inbox_id, c.attached.then_some(c.enabled)))
        .collect();
    InboxLinkService::set_for_integration(&state.db, &s.actor, id, &wanted).await?;
    Ok(())
}

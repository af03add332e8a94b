//! `save_integration`: creates (no `id`, attached to the inboxes chosen) or replaces an
//! integration from the editor's form; masked secret values keep the stored ones.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::IntegrationInput;
use model::integration::view::InboxChoice;

/// Creates (no `id`) or replaces an integration from the editor's form; masked secret values
/// keep the stored ones. A new one is attached to the `inboxes` marked attached in the same
/// step (nothing is created when they cannot be). Returns the integration's id.
#[server(prefix = "/rpc", endpoint = "save_integration", input = server_fn::codec::Json)]
pub async fn save_integration(
    id: Option<i64>,
    input: IntegrationInput,
    #[server(default)] inboxes: Option<Vec<InboxChoice>>,
) -> Result<i64, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let saved = match id {
        Some(id) => IntegrationService::update(&state, &s.actor, id, input).await?,
        None => {
            let wanted: Vec<(i64, Option<bool>)> = inboxes
                .unwrap_or_default()
                .iter()
                .map(|c| (c.inbox_id, c.attached.then_some(c.enabled)))
                .collect();
            IntegrationService::create_attached(&state, &s.actor, input, &wanted).await?
        }
    };
    Ok(saved.row.id)
}

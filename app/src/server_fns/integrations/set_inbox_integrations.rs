use crate::errors::AppError;
use leptos::prelude::*;

/// Replaces an inbox's integrations with `order` (JSON list of `InboxIntegration`, in display
/// order; only `integration_id` and `enabled` are read); admins only.
#[server(prefix = "/rpc", endpoint = "set_inbox_integrations")]
pub async fn set_inbox_integrations(inbox_id: i64, order: String) -> Result<(), AppError> {
    use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
    use model::integration::view::InboxIntegration;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let order: Vec<InboxIntegration> = serde_json::from_str(&order).map_err(|_| {
        AppError::Validation(model::FieldErrors::from(model::ValidationError::new(
            "integrations",
            "The list could not be read. Reload the page.",
        )))
    })?;
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

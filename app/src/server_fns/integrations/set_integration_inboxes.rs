use crate::errors::AppError;
use leptos::prelude::*;

/// Attaches integration `id` to the inboxes marked attached in `choices` (JSON list of
/// `InboxChoice`), enabled or not, and detaches it from the others; admins only.
#[server(prefix = "/rpc", endpoint = "set_integration_inboxes")]
pub async fn set_integration_inboxes(id: i64, choices: String) -> Result<(), AppError> {
    use backend::services::integrations::inbox_links::InboxLinkService;
    use model::integration::view::InboxChoice;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let choices: Vec<InboxChoice> = serde_json::from_str(&choices).map_err(|_| {
        AppError::Validation(model::FieldErrors::from(model::ValidationError::new(
            "inboxes",
            "The inbox list could not be read. Reload the page.",
        )))
    })?;
    let wanted: Vec<(i64, Option<bool>)> = choices
        .iter()
        .map(|c| (c.inbox_id, c.attached.then_some(c.enabled)))
        .collect();
    InboxLinkService::set_for_integration(&state.db, &s.actor, id, &wanted).await?;
    Ok(())
}

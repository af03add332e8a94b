use crate::errors::AppError;
use leptos::prelude::*;

/// Creates (no `id`) or replaces an integration from the editor's form (JSON); masked secret
/// values keep the stored ones. Returns the integration's id.
#[server(prefix = "/rpc", endpoint = "save_integration")]
pub async fn save_integration(id: Option<i64>, form: String) -> Result<i64, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let input = super::form_input(&form)?;
    let saved = match id {
        Some(id) => IntegrationService::update(&state, &s.actor, id, input).await?,
        None => IntegrationService::create(&state, &s.actor, input).await?,
    };
    Ok(saved.row.id)
}

//! `save_integration`: creates (no `id`) or replaces an integration from the editor's form; masked
//! secret values keep the stored ones.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::IntegrationInput;

/// Creates (no `id`) or replaces an integration from the editor's form; masked secret values
/// keep the stored ones. Returns the integration's id.
#[server(prefix = "/rpc", endpoint = "save_integration", input = server_fn::codec::Json)]
pub async fn save_integration(id: Option<i64>, input: IntegrationInput) -> Result<i64, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let saved = match id {
        Some(id) => IntegrationService::update(&state, &s.actor, id, input).await?,
        None => IntegrationService::create(&state, &s.actor, input).await?,
    };
    Ok(saved.row.id)
}

//! `list_integrations`: the team's integrations for the admin list; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::IntegrationSummary;

/// The team's integrations for the admin list; admins only.
#[server(prefix = "/rpc", endpoint = "list_integrations")]
pub async fn list_integrations() -> Result<Vec<IntegrationSummary>, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(IntegrationService::summaries(&state, &s.actor).await?)
}

//! `set_integration_active`: switches an integration on or off (the list's toggle); admins only.

use crate::errors::AppError;
use leptos::prelude::*;

/// Switches an integration on or off (the list's toggle); admins only.
#[server(prefix = "/rpc", endpoint = "set_integration_active")]
pub async fn set_integration_active(id: i64, active: bool) -> Result<(), AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    IntegrationService::set_active(&state, &s.actor, id, active).await?;
    Ok(())
}

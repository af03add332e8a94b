//! `delete_integration`: deletes an integration with its inbox attachments and run log (the editor
//! asks first).

use crate::errors::AppError;
use leptos::prelude::*;

/// Deletes an integration with its inbox attachments and run log (the editor asks first).
#[server(prefix = "/rpc", endpoint = "delete_integration")]
pub async fn delete_integration(id: i64) -> Result<(), AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    IntegrationService::delete(&state, &s.actor, id).await?;
    Ok(())
}

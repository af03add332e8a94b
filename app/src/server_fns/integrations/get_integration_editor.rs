//! `get_integration_editor`: what the editor shows for integration `id` (`None`: a new one);
//! admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::view::IntegrationEditorData;

/// What the editor shows for integration `id` (`None`: a new one); admins only.
#[server(prefix = "/rpc", endpoint = "get_integration_editor")]
pub async fn get_integration_editor(id: Option<i64>) -> Result<IntegrationEditorData, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(IntegrationService::editor(&state, &s.actor, id).await?)
}

//! `list_custom_entities`: the team's custom entities with their attributes; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::custom_entity::CustomEntityView;

/// The team's custom entities with their attributes; admins only.
#[server(prefix = "/rpc", endpoint = "list_custom_entities")]
pub async fn list_custom_entities() -> Result<Vec<CustomEntityView>, AppError> {
    use backend::services::custom_entities::CustomEntityService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(CustomEntityService::views(&state.db, &s.actor).await?)
}

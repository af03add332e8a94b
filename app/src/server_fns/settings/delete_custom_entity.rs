//! `delete_custom_entity`: deletes a custom entity with its records (the page asks first, naming
//! the record count).

use crate::errors::AppError;
use leptos::prelude::*;

/// Deletes a custom entity with its records (the page asks first, naming the record count).
#[server(prefix = "/rpc", endpoint = "delete_custom_entity")]
pub async fn delete_custom_entity(id: i64) -> Result<(), AppError> {
    use backend::services::custom_entities::CustomEntityService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    CustomEntityService::delete(&state.db, &s.actor, id).await?;
    Ok(())
}

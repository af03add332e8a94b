//! `update_custom_entity`: renames a custom entity and replaces its attributes (the slug stays).

use crate::errors::AppError;
use leptos::prelude::*;

/// Renames a custom entity and replaces its attributes (the slug stays). `attributes` is the form's
/// rows as JSON; problems come back keyed by field like on create.
#[server(prefix = "/rpc", endpoint = "update_custom_entity")]
pub async fn update_custom_entity(
    id: i64,
    name: String,
    attributes: String,
) -> Result<(), AppError> {
    use backend::services::custom_entities::{CustomEntityChanges, CustomEntityService};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let attributes = super::create_custom_entity::attribute_rows(&attributes)?;
    CustomEntityService::update(
        &state.db,
        &s.actor,
        id,
        CustomEntityChanges { name, attributes },
    )
    .await?;
    Ok(())
}

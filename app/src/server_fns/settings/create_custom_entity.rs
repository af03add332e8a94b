//! `create_custom_entity`: creates a custom entity.

use crate::errors::AppError;
use leptos::prelude::*;

/// Creates a custom entity. `attributes` is the form's attribute rows as JSON (the page builds it);
/// every problem comes back keyed by field (`name`, `slug`, `attributes.N.key`, ...).
#[server(prefix = "/rpc", endpoint = "create_custom_entity")]
pub async fn create_custom_entity(
    name: String,
    slug: String,
    attributes: String,
) -> Result<(), AppError> {
    use backend::services::custom_entities::{CustomEntityService, NewCustomEntity};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let attributes = attribute_rows(&attributes)?;
    CustomEntityService::create(
        &state.db,
        &s.actor,
        NewCustomEntity {
            name,
            slug,
            attributes,
        },
    )
    .await?;
    Ok(())
}

/// The form's attribute rows, sent as JSON by the page.
#[cfg(feature = "ssr")]
pub(super) fn attribute_rows(
    json: &str,
) -> Result<Vec<model::custom_entity::AttributeDefinition>, AppError> {
    serde_json::from_str(json).map_err(|_| {
        AppError::Validation(model::FieldErrors::from(model::ValidationError::new(
            "attributes",
            "The attribute list could not be read.",
        )))
    })
}

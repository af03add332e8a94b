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
    use model::custom_entity::AttributeDefinition;
    use model::{FieldErrors, ValidationError};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let attributes: Vec<AttributeDefinition> = serde_json::from_str(&attributes).map_err(|_| {
        AppError::Validation(FieldErrors::from(ValidationError::new(
            "attributes",
            "The attribute list could not be read.",
        )))
    })?;
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

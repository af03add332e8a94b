//! `PUT` / `PATCH /api/v1/integrations/{id}`: both partial.

use super::IntegrationBody;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{IntegrationResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::integrations::IntegrationService;

/// Changes an integration (admin tokens): given fields replace the stored ones, masked secret
/// values keep theirs, and the version goes up.
#[utoipa::path(
    method(put, patch),
    path = "/api/v1/integrations/{id}",
    tag = "Integrations",
    summary = "Update a contact integration (partial)",
    params(("id" = i64, Path, description = "The integration's id")),
    request_body(content = super::IntegrationBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = crate::api::resources::Single<crate::api::resources::IntegrationResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_integration(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<IntegrationBody>,
) -> Result<Json<Single<IntegrationResource>>, ApiError> {
    let current = IntegrationService::view(&state.app, &caller.actor, id).await?;
    IntegrationService::update(
        &state.app,
        &caller.actor,
        id,
        body.apply(current.into_input()),
    )
    .await?;
    let view = IntegrationService::view(&state.app, &caller.actor, id).await?;
    Ok(Json(Single::of(view.into())))
}

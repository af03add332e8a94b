//! `DELETE /api/v1/integrations/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::state::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::integrations::IntegrationService;

/// Deletes an integration with its inbox attachments and run log (admin tokens; 204).
#[utoipa::path(
    delete,
    path = "/api/v1/integrations/{id}",
    tag = "Integrations",
    summary = "Delete a contact integration",
    params(("id" = i64, Path, description = "The integration's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_integration(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, ApiError> {
    IntegrationService::delete(&state.app, &caller.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

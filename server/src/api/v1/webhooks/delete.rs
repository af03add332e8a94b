//! `DELETE /api/v1/webhooks/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::state::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::webhooks::WebhookService;

/// Deletes a webhook with its deliveries and their log (admin tokens; 204).
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "Webhooks",
    summary = "Delete a webhook",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_webhook(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, ApiError> {
    WebhookService::delete(&state.app, &caller.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

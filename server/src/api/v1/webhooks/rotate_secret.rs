//! `POST /api/v1/webhooks/{id}/rotate-secret`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{Single, WebhookResource};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::webhooks::WebhookService;

/// A new signing secret, in this answer only. For 24 hours deliveries carry signatures by both
/// the old and the new secret (space-separated in `webhook-signature`).
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/rotate-secret",
    tag = "Webhooks",
    summary = "Rotate a webhook's signing secret",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook with its new secret", body = crate::api::resources::Single<crate::api::resources::WebhookResource>),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn rotate_webhook_secret(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<WebhookResource>>, ApiError> {
    let rotated = WebhookService::rotate_secret(&state.app, &caller.actor, id).await?;
    Ok(Json(Single::of(rotated.into())))
}

//! `POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPathPair;
use crate::api::resources::{DeliveryResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::webhooks::deliveries::DeliveryLog;

/// Sends a delivery again now, with the same `webhook-id` and body; its retry schedule starts
/// over (admin tokens; 202).
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
    tag = "Webhooks",
    summary = "Redeliver an event",
    params(
        ("id" = i64, Path, description = "The webhook's id"),
        ("delivery_id" = i64, Path, description = "The delivery's id"),
    ),
    responses(
        (status = 202, description = "Queued again", body = crate::api::resources::Single<crate::api::resources::DeliveryResource>),
        (status = 404, description = "No such webhook or delivery in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn redeliver(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPathPair(id, delivery_id): ApiPathPair,
) -> Result<(StatusCode, Json<Single<DeliveryResource>>), ApiError> {
    let queued = DeliveryLog::redeliver(&state.app, &caller.actor, id, delivery_id).await?;
    Ok((StatusCode::ACCEPTED, Json(Single::of(queued.into()))))
}

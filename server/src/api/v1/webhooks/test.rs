//! `POST /api/v1/webhooks/{id}/test`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{DeliveryResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::webhooks::deliveries::DeliveryLog;

/// Queues a `webhook.test` event for this webhook, whatever it subscribes to (admin tokens;
/// 202); its outcome appears in the delivery log.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/test",
    tag = "Webhooks",
    summary = "Send a test event",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 202, description = "Queued", body = crate::api::resources::Single<crate::api::resources::DeliveryResource>),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn send_test_event(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<(StatusCode, Json<Single<DeliveryResource>>), ApiError> {
    let queued = DeliveryLog::send_test(&state.app, &caller.actor, id).await?;
    Ok((StatusCode::ACCEPTED, Json(Single::of(queued.into()))))
}

//! `GET /api/v1/webhooks/{id}/deliveries`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::DeliveryResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use backend::services::webhooks::deliveries::DeliveryLog;
use serde::Serialize;

/// The delivery log's answer: `{"data": [...]}`, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryList {
    /// The latest 50 deliveries with their attempts.
    pub data: Vec<DeliveryResource>,
}

/// The webhook's latest 50 deliveries with every attempt (admin tokens). Never cached: it
/// changes with every attempt.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}/deliveries",
    tag = "Webhooks",
    summary = "List a webhook's deliveries",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The delivery log", body = DeliveryList),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_deliveries(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<impl IntoResponse, ApiError> {
    let data = DeliveryLog::list(&state.app, &caller.actor, id)
        .await?
        .into_iter()
        .map(DeliveryResource::from)
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(DeliveryList { data }),
    ))
}

//! `GET /api/v1/webhooks/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{Single, WebhookResource};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::webhooks::{WebhookService, view};

/// One of the team's webhooks (admin tokens; without its secret).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    tag = "Webhooks",
    summary = "Get a webhook",
    params(("id" = i64, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook", body = crate::api::resources::Single<crate::api::resources::WebhookResource>),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_webhook(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<WebhookResource>>, ApiError> {
    let row = WebhookService::find(&state.app, &caller.actor, id).await?;
    Ok(Json(Single::of(view(&row, None)?.into())))
}

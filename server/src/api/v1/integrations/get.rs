//! `GET /api/v1/integrations/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{IntegrationResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::integrations::IntegrationService;

/// One of the team's integrations, secrets masked (admin tokens).
#[utoipa::path(
    get,
    path = "/api/v1/integrations/{id}",
    tag = "Integrations",
    summary = "Get a contact integration",
    params(("id" = i64, Path, description = "The integration's id")),
    responses(
        (status = 200, description = "The integration", body = crate::api::resources::Single<crate::api::resources::IntegrationResource>),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_integration(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<IntegrationResource>>, ApiError> {
    let view = IntegrationService::view(&state.app, &caller.actor, id).await?;
    Ok(Json(Single::of(view.into())))
}

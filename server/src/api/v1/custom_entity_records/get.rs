//! `GET /api/v1/custom-entity-records/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{CustomEntityRecordDetail, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::custom_entities::RecordService;

/// One of the team's records with its entity's attributes, conversations and contacts; another
/// team's is 404.
#[utoipa::path(
    get,
    path = "/api/v1/custom-entity-records/{id}",
    tag = "Custom entity records",
    summary = "Get a custom entity record",
    params(("id" = i64, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The record", body = crate::api::resources::Single<crate::api::resources::CustomEntityRecordDetail>),
        (status = 404, description = "No such record in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_record(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<CustomEntityRecordDetail>>, ApiError> {
    let record = RecordService::find_with_links(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(record.into())))
}

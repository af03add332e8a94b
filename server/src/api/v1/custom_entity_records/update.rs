//! `PUT` / `PATCH /api/v1/custom-entity-records/{id}`: both partial; `values` merge key by key
//! and a `null` value removes a key.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{CustomEntityRecordResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::custom_entities::{RecordService, RecordUpdate};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The body of `PUT`/`PATCH /api/v1/custom-entity-records/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"values": {"status": "shipped", "total": 149.99}}))]
pub struct UpdateRecordBody {
    /// A new external id; `null` or `""` clears it.
    #[serde(default, deserialize_with = "crate::api::extract::present")]
    pub external_id: Option<Option<String>>,
    /// Values to merge; a `null` value removes that key. Changing the entity's external-id
    /// attribute updates `external_id` too.
    #[schema(value_type = Option<Object>)]
    pub values: Option<Map<String, Value>>,
    /// Accepted only when it is the record's own entity: it cannot change.
    pub custom_entity_id: Option<i64>,
}

/// Updates one of the team's records.
#[utoipa::path(
    method(put, patch),
    path = "/api/v1/custom-entity-records/{id}",
    tag = "Custom entity records",
    summary = "Update a custom entity record (partial; values merged, null removes a key)",
    params(("id" = i64, Path, description = "The record's id")),
    request_body(content = UpdateRecordBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = crate::api::resources::Single<crate::api::resources::CustomEntityRecordResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such record in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields, e.g. `values` that do not match the entity's attributes (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_record(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<UpdateRecordBody>,
) -> Result<Json<Single<CustomEntityRecordResource>>, ApiError> {
    let update = RecordUpdate {
        custom_entity_id: body.custom_entity_id,
        external_id: body.external_id,
        values: body.values,
    };
    let record = RecordService::update(&state.app.db, &caller.actor, id, update).await?;
    Ok(Json(Single::of(record.into())))
}

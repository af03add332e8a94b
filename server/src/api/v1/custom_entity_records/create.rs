//! `POST /api/v1/custom-entity-records`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiJson;
use crate::api::resources::{CustomEntityRecordResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::custom_entities::{NewRecord, RecordService};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The body of `POST /api/v1/custom-entity-records`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "custom_entity_id": 1,
    "values": {"order_number": "A-2001", "status": "pending", "total": 129.0}
}))]
pub struct CreateRecordBody {
    /// The team's custom entity (required).
    #[schema(required = true, nullable = false, minimum = 1)]
    pub custom_entity_id: Option<i64>,
    /// An external id; when absent and the entity has an external-id attribute, taken from
    /// `values`.
    pub external_id: Option<String>,
    /// The attribute values (required), checked against the entity's definitions.
    #[schema(value_type = Object, required = true, nullable = false)]
    pub values: Option<Map<String, Value>>,
}

/// Creates a record (201).
#[utoipa::path(
    post,
    path = "/api/v1/custom-entity-records",
    tag = "Custom entity records",
    summary = "Create a custom entity record",
    request_body(content = CreateRecordBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = crate::api::resources::Single<crate::api::resources::CustomEntityRecordResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields, e.g. `values` that do not match the entity's attributes (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_record(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<CreateRecordBody>,
) -> Result<(StatusCode, Json<Single<CustomEntityRecordResource>>), ApiError> {
    let new = NewRecord {
        custom_entity_id: body.custom_entity_id,
        external_id: body.external_id,
        values: body.values,
    };
    let created = RecordService::create(&state.app.db, &caller.actor, new).await?;
    Ok((StatusCode::CREATED, Json(Single::of(created.into()))))
}

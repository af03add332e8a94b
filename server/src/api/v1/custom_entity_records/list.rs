//! `GET /api/v1/custom-entity-records`: filter by `created_after` and `custom_entity_id`.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, created_after, paginate};
use crate::api::resources::CustomEntityRecordResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::custom_entities::{RecordQuery, RecordService};
use model::FieldErrors;

/// Lists the team's custom entity records, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/custom-entity-records",
    tag = "Custom entity records",
    summary = "List custom entity records",
    params(crate::api::params::PollParams, crate::api::params::RecordFilterParams, crate::api::params::PageParams),
    responses(
        (status = 200, description = "Matching records, oldest first", body = crate::api::pagination::Paginated<crate::api::resources::CustomEntityRecordResource>),
        (status = 422, description = "A parameter is invalid (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_records(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<CustomEntityRecordResource>>, ApiError> {
    let q = &listing.query;
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(q, &mut errors);
    let query = RecordQuery {
        created_after: created_after(q, &mut errors),
        custom_entity_id: q.integer(
            &mut errors,
            "custom_entity_id",
            "Must be a custom entity id.",
        ),
    };
    errors.into_result().map_err(|e| validation(&e))?;
    let listed =
        RecordService::list_oldest_first(&state.app.db, &caller.actor, &query, page.window).await?;
    Ok(Json(paginate(
        listed.map(CustomEntityRecordResource::from),
        page,
        &listing.url,
    )))
}

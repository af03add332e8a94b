//! `GET /api/v1/conversations`: filter by `created_after`, `inbox_id`, `status`; oldest first.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, created_after, paginate};
use crate::api::resources::ConversationResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::conversations::{ConversationQuery, ConversationService};
use model::{ConversationStatus, FieldErrors, ValidationError};

/// Lists the team's conversations.
#[utoipa::path(
    get,
    path = "/api/v1/conversations",
    tag = "Conversations",
    summary = "List conversations",
    params(crate::api::params::PollParams, crate::api::params::ConversationFilterParams, crate::api::params::PageParams),
    responses(
        (status = 200, description = "Matching conversations, oldest first", body = crate::api::pagination::Paginated<crate::api::resources::ConversationResource>),
        (status = 422, description = "A parameter is invalid (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_conversations(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<ConversationResource>>, ApiError> {
    let q = &listing.query;
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(q, &mut errors);
    let query =
        ConversationQuery {
            created_after: created_after(q, &mut errors),
            inbox_id: q.get("inbox_id").and_then(|v| {
                errors.check(
                    v.parse::<i64>()
                        .map_err(|_| ValidationError::new("inbox_id", "Must be an inbox id.")),
                )
            }),
            status: q.get("status").and_then(|v| {
                errors.check(v.parse::<ConversationStatus>().map_err(|_| {
                    ValidationError::new("status", "Must be active, pending or closed.")
                }))
            }),
        };
    errors.into_result().map_err(|e| validation(&e))?;
    let listed =
        ConversationService::list_oldest_first(&state.app.db, &caller.actor, &query, page.window)
            .await?;
    Ok(Json(paginate(
        listed.map(ConversationResource::from),
        page,
        &listing.url,
    )))
}

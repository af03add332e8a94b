//! `GET /api/v1/inboxes`: the team's inboxes.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, paginate};
use crate::api::resources::InboxResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::inboxes::InboxService;
use model::FieldErrors;

/// Lists the team's inboxes, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/inboxes",
    tag = "Inboxes",
    summary = "List inboxes",
    params(crate::api::params::PageParams),
    responses(
        (status = 200, description = "The team's inboxes", body = crate::api::pagination::Paginated<crate::api::resources::InboxResource>),
        (status = 422, description = "Bad paging parameters (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_inboxes(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<InboxResource>>, ApiError> {
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(&listing.query, &mut errors);
    errors.into_result().map_err(|e| validation(&e))?;
    let listed = InboxService::list(&state.app.db, &caller.actor, page.window).await?;
    Ok(Json(paginate(
        listed.map(InboxResource::from),
        page,
        &listing.url,
    )))
}

//! `GET /api/v1/integrations`.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, paginate};
use crate::api::resources::IntegrationResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::Listed;
use backend::services::integrations::IntegrationService;
use model::FieldErrors;

/// Lists the team's integrations by name (admin tokens).
#[utoipa::path(
    get,
    path = "/api/v1/integrations",
    tag = "Integrations",
    summary = "List contact integrations",
    params(crate::api::params::PageParams),
    responses(
        (status = 200, description = "The team's integrations", body = crate::api::pagination::Paginated<crate::api::resources::IntegrationResource>),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Bad paging parameters (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_integrations(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<IntegrationResource>>, ApiError> {
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(&listing.query, &mut errors);
    errors.into_result().map_err(|e| validation(&e))?;
    let all = IntegrationService::views(&state.app, &caller.actor).await?;
    let total = all.len() as u64;
    let rows = all
        .into_iter()
        .skip(usize::try_from(page.window.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.window.limit).unwrap_or(usize::MAX))
        .map(IntegrationResource::from)
        .collect();
    Ok(Json(paginate(Listed { rows, total }, page, &listing.url)))
}

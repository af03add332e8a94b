//! `GET /api/v1/webhooks`.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, paginate};
use crate::api::resources::WebhookResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::Listed;
use backend::services::webhooks::{WebhookService, view};
use model::FieldErrors;

/// Lists the team's webhooks, oldest first (admin tokens; secrets are never listed).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "Webhooks",
    summary = "List webhooks",
    params(crate::api::params::PageParams),
    responses(
        (status = 200, description = "The team's webhooks", body = crate::api::pagination::Paginated<crate::api::resources::WebhookResource>),
        (status = 422, description = "Bad paging parameters (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_webhooks(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<WebhookResource>>, ApiError> {
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(&listing.query, &mut errors);
    errors.into_result().map_err(|e| validation(&e))?;
    let all = WebhookService::list(&state.app, &caller.actor).await?;
    let total = all.len() as u64;
    let rows = all
        .iter()
        .skip(usize::try_from(page.window.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.window.limit).unwrap_or(usize::MAX))
        .map(|row| view(row, None).map(WebhookResource::from))
        .collect::<Result<_, _>>()?;
    Ok(Json(paginate(Listed { rows, total }, page, &listing.url)))
}

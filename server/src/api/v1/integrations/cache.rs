//! `/api/v1/integrations/{id}/cache` (admin tokens): how an integration's answers are kept on the
//! replica that answers, and clearing them. Cache counts are per replica, like the cache.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::extract::ApiPath;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use backend::services::integrations::IntegrationService;
use model::FieldErrors;
use model::integration::view::CacheUsage;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// An integration's cached answers on this replica.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CacheResource {
    /// Answers kept now.
    pub entries: u64,
    /// Lookups answered from the cache since the server started.
    pub hits: u64,
    /// Lookups that called the API since the server started.
    pub misses: u64,
    /// `hits / (hits + misses)`, or `null` before any lookup.
    pub hit_rate: Option<f64>,
}

impl From<CacheUsage> for CacheResource {
    fn from(u: CacheUsage) -> Self {
        CacheResource {
            entries: u.entries,
            hits: u.hits,
            misses: u.misses,
            hit_rate: u.hit_rate(),
        }
    }
}

/// `{"data": {...}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CacheBody {
    /// The cache's state.
    pub data: CacheResource,
}

/// `{"data": {"cleared": n}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClearedBody {
    /// How many answers were forgotten.
    pub data: Cleared,
}

/// How many answers were forgotten.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Cleared {
    /// The count.
    pub cleared: u64,
}

/// Which answers to forget.
#[derive(Debug, Clone, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClearParams {
    /// Only this contact's (the answers their cards would read); all of them without it.
    #[param(minimum = 1)]
    pub contact_id: Option<i64>,
}

/// How many of the integration's answers are kept, and its hits and misses since the server
/// started (admin tokens). Never cached.
#[utoipa::path(
    get,
    path = "/api/v1/integrations/{id}/cache",
    tag = "Integrations",
    summary = "Get an integration's cache",
    params(("id" = i64, Path, description = "The integration's id")),
    responses(
        (status = 200, description = "The cache of this replica", body = CacheBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_integration_cache(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<impl IntoResponse, ApiError> {
    let usage = IntegrationService::cache_usage(&state.app, &caller.actor, id).await?;
    let body = CacheBody { data: usage.into() };
    // Counts change without a database write: never reuse this answer.
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)))
}

/// Forgets the integration's kept answers — all of them, or one contact's — so the next cards
/// call the API (admin tokens).
#[utoipa::path(
    delete,
    path = "/api/v1/integrations/{id}/cache",
    tag = "Integrations",
    summary = "Clear an integration's cache",
    params(("id" = i64, Path, description = "The integration's id"), ClearParams),
    responses(
        (status = 200, description = "How many answers were forgotten", body = ClearedBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Not a contact id, or no such contact in the team (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn clear_integration_cache(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    listing: Listing,
) -> Result<Json<ClearedBody>, ApiError> {
    let mut errors = FieldErrors::new();
    let contact_id = listing
        .query
        .integer(&mut errors, "contact_id", "Use a contact id.");
    errors.into_result().map_err(|e| validation(&e))?;
    let cleared =
        IntegrationService::clear_cache(&state.app, &caller.actor, id, contact_id).await?;
    Ok(Json(ClearedBody {
        data: Cleared { cleared },
    }))
}

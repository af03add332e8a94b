//! REST API v1 (`/api/v1`): bearer-token auth and rate limits, the error format, extractors,
//! pagination, the resources' JSON shapes and one handler per endpoint under `v1/`. The routes
//! themselves are listed in `routes.rs` with every other route.

pub mod answer_cache;
pub mod auth;
pub mod caller;
pub mod errors;
pub mod event_payloads;
pub mod extract;
pub mod formats;
pub mod openapi;
pub mod openapi_links;
pub mod pagination;
pub mod params;
pub mod rate_limit;
pub mod resources;
pub mod v1;

use crate::api::extract::ApiQuery;
use crate::api::pagination::{RequestUrl, base_url};
use crate::state::ServerState;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use std::convert::Infallible;

/// A collection request: its query parameters and its absolute URL (for links).
#[derive(Debug, Clone)]
pub struct Listing {
    /// The query parameters.
    pub query: ApiQuery,
    /// The request's absolute URL.
    pub url: RequestUrl,
}

impl FromRequestParts<ServerState> for Listing {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Infallible> {
        // Inside the nested /api/v1 router `parts.uri` has lost its prefix; links need the original.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.clone(), |o| o.0.clone());
        let query = ApiQuery::from_request_parts(parts, state)
            .await
            .unwrap_or_default();
        let url = RequestUrl::new(
            state.api.public_url.as_deref(),
            &parts.headers,
            &uri,
            &query,
        );
        Ok(Listing { query, url })
    }
}

/// Scheme and host clients reach the API at (for absolute URLs in resources, such as attachment
/// downloads).
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl FromRequestParts<ServerState> for BaseUrl {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Infallible> {
        Ok(BaseUrl(base_url(
            state.api.public_url.as_deref(),
            &parts.headers,
        )))
    }
}

//! Who calls a REST request: [`ApiCaller`], put into the request by the authentication layer
//! (`api::auth`) and extracted by handlers. Its own module, reading no router state, so that the
//! layers and handlers that read it do not depend on the router's state through it.

use crate::api::errors::{ApiError, unauthenticated};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use backend::Actor;

/// The authenticated caller of a REST request: the token's user in the token's team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiCaller {
    /// The token's id.
    pub token_id: i64,
    /// Who acts, in which team.
    pub actor: Actor,
    /// The team's data generation at authentication (the answer cache's freshness key).
    pub data_generation: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        // Set by `authenticate`; a route outside its layer has no caller.
        parts
            .extensions
            .get::<ApiCaller>()
            .copied()
            .ok_or_else(unauthenticated)
    }
}

//! Bearer-token authentication and rate limiting for every `/api/v1` route: it puts the
//! [`ApiCaller`] handlers extract into the request.

use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, rate_limited, unauthenticated};
use crate::api::rate_limit::RateDecision;
use crate::state::ServerState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The token from `Authorization: Bearer <token>` (scheme case-insensitive).
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
const RATE_LIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");

fn number(n: impl Into<u64>) -> HeaderValue {
    HeaderValue::from(n.into())
}

/// Middleware: refuses requests without a valid token (401) or over the token's budget (429), and
/// reports the budget in `RateLimit-*` headers on every authenticated response.
pub async fn authenticate(
    State(state): State<ServerState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return unauthenticated().into_response();
    };
    let caller = match state.tokens.authenticate(token).await {
        Ok(t) => ApiCaller {
            token_id: t.token_id,
            actor: t.actor,
            data_generation: t.data_generation,
        },
        Err(e) => return ApiError::from(e).into_response(),
    };
    let limiter = &state.api.rate_limiter;
    let policy = HeaderValue::from_str(limiter.policy()).ok();
    match limiter.check(caller.token_id) {
        RateDecision::Limited {
            limit,
            retry_after_secs,
        } => {
            let mut response = rate_limited(retry_after_secs).into_response();
            let headers = response.headers_mut();
            headers.insert(header::RETRY_AFTER, number(retry_after_secs));
            headers.insert(RATE_LIMIT_LIMIT, number(limit));
            headers.insert(RATE_LIMIT_REMAINING, number(0u32));
            headers.insert(RATE_LIMIT_RESET, number(retry_after_secs));
            if let Some(p) = policy {
                headers.insert(RATE_LIMIT_POLICY, p);
            }
            response
        }
        RateDecision::Allowed {
            limit,
            remaining,
            reset_secs,
        } => {
            request.extensions_mut().insert(caller);
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert(RATE_LIMIT_LIMIT, number(limit));
            headers.insert(RATE_LIMIT_REMAINING, number(remaining));
            headers.insert(RATE_LIMIT_RESET, number(reset_secs));
            if let Some(p) = policy {
                headers.insert(RATE_LIMIT_POLICY, p);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_token;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(header::AUTHORIZATION, v);
        }
        h
    }

    #[test]
    fn only_bearer_credentials_are_read() {
        assert_eq!(bearer_token(&headers("Bearer chl_1_x")), Some("chl_1_x"));
        assert_eq!(bearer_token(&headers("bearer  chl_1_x ")), Some("chl_1_x"));
        assert_eq!(bearer_token(&headers("Basic dXNlcjpwYXNz")), None);
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}

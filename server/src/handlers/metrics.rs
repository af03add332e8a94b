//! `GET /metrics`: what an operator scrapes — HTTP responses by status class, integration calls,
//! latencies, cache use, stale answers and breakers, webhook deliveries and the outbox's depth,
//! open live streams — in the OpenMetrics text format ([`backend::metrics`] keeps the figures
//! and says what labels may carry).
//!
//! Invariant: not open to anyone. With `CHATLANE_METRICS_TOKEN` set it answers only requests
//! bearing that token (compared in constant time); without one it answers only when the server
//! binds a loopback address, and is "not found" on any other bind.

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use backend::AppState;
use backend::metrics::Metrics;
use backend::services::webhooks::outbox;
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Who may read `/metrics`.
#[derive(Clone)]
pub enum MetricsAccess {
    /// Whoever reaches the port: the server binds a loopback address only.
    Loopback,
    /// Requests with `Authorization: Bearer <this>`.
    Token(Arc<str>),
    /// Nobody: a non-loopback bind without a token.
    Closed,
}

impl MetricsAccess {
    /// The access for a server bound to `addr`, with `token` configured or not.
    pub fn for_bind(addr: SocketAddr, token: Option<&str>) -> Self {
        match token {
            Some(t) => MetricsAccess::Token(Arc::from(t)),
            None if addr.ip().is_loopback() => MetricsAccess::Loopback,
            None => MetricsAccess::Closed,
        }
    }
}

/// Middleware counting every response by status class (1xx–5xx).
pub async fn count_responses(
    State(metrics): State<Metrics>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    metrics.http_response(response.status().as_u16());
    response
}

/// The exposition, for whoever `access` admits.
pub async fn metrics(state: AppState, access: MetricsAccess, headers: HeaderMap) -> Response {
    match access {
        MetricsAccess::Loopback => exposition(&state).await,
        MetricsAccess::Closed => StatusCode::NOT_FOUND.into_response(),
        MetricsAccess::Token(token) => {
            let presented = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default();
            if bool::from(presented.as_bytes().ct_eq(token.as_bytes())) {
                exposition(&state).await
            } else {
                (StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, "Bearer")]).into_response()
            }
        }
    }
}

/// This replica's figures as OpenMetrics text, with the outbox's depth read now. A database that
/// does not answer fails the scrape (503) rather than reporting an empty outbox.
async fn exposition(state: &AppState) -> Response {
    let depth = match outbox::depth(&state.db).await {
        Ok(depth) => depth,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: reading the outbox's depth failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let body = state.metrics.render(depth, state.live.open_streams());
    ([(CONTENT_TYPE, OPENMETRICS_TEXT)], body).into_response()
}

/// The content type of the OpenMetrics text format `prometheus-client` writes.
const OPENMETRICS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

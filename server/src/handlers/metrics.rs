//! `GET /metrics`: request counters by status class in the Prometheus text format.
//!
//! Invariant: not open to anyone. With `CHATLANE_METRICS_TOKEN` set it answers only requests
//! bearing that token (compared in constant time); without one it answers only when the server
//! binds a loopback address, and is "not found" on any other bind.

use axum::extract::Request;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
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

static RESPONSES: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];

/// Middleware counting every response by status class (1xx–5xx).
pub async fn count_responses(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let class = (response.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    RESPONSES[class].fetch_add(1, Ordering::Relaxed);
    response
}

/// The counters, for whoever `access` admits.
pub async fn metrics(access: MetricsAccess, headers: HeaderMap) -> Response {
    match access {
        MetricsAccess::Loopback => counters().into_response(),
        MetricsAccess::Closed => StatusCode::NOT_FOUND.into_response(),
        MetricsAccess::Token(token) => {
            let presented = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default();
            if bool::from(presented.as_bytes().ct_eq(token.as_bytes())) {
                counters().into_response()
            } else {
                (StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, "Bearer")]).into_response()
            }
        }
    }
}

/// The counters as Prometheus text.
fn counters() -> impl IntoResponse {
    let mut body = String::from(
        "# HELP chatlane_http_responses_total HTTP responses by status class.\n# TYPE chatlane_http_responses_total counter\n",
    );
    for (i, counter) in RESPONSES.iter().enumerate() {
        body.push_str(&format!(
            "chatlane_http_responses_total{{class=\"{}xx\"}} {}\n",
            i + 1,
            counter.load(Ordering::Relaxed)
        ));
    }
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

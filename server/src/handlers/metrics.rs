//! `GET /metrics`: request counters by status class in the Prometheus text format.

use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};

static RESPONSES: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];

/// Middleware counting every response by status class (1xx–5xx).
pub async fn count_responses(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let class = (response.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    RESPONSES[class].fetch_add(1, Ordering::Relaxed);
    response
}

/// The counters as Prometheus text.
pub async fn metrics() -> impl IntoResponse {
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

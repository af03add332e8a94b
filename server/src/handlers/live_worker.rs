//! `GET /live/worker.js`: the worker that holds one live stream for every tab of a browser (see
//! `app::live`). Its policy lets it connect to our origin and nothing else; it runs no other
//! script.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const SCRIPT: &str = include_str!("live_worker.js");

/// A worker's own Content-Security-Policy (a worker obeys the policy of its script's response).
const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

/// The worker script, revalidated on every load so a new release takes over at once.
pub async fn live_worker() -> Response {
    let mut response = SCRIPT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(WORKER_POLICY),
    );
    response
}

//! The browser's defences on every response: a Content-Security-Policy (a page sets its own, with
//! its render's nonce; everything else gets `app::csp::OTHER_POLICY`), no framing
//! (`X-Frame-Options: DENY` beside `frame-ancestors 'none'`), no MIME sniffing, a referrer
//! trimmed to our origin on other sites, and HSTS when the public URL is https.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

/// Whether responses carry `Strict-Transport-Security` (the public URL is https).
#[derive(Debug, Clone, Copy)]
pub struct Hsts(pub bool);

/// One year, the preload lists' minimum.
const HSTS_VALUE: &str = "max-age=31536000; includeSubDomains";

/// Adds the security headers a response does not set itself.
pub async fn add_security_headers(
    State(hsts): State<Hsts>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(CONTENT_SECURITY_POLICY, app::csp::OTHER_POLICY);
    set(X_FRAME_OPTIONS, "DENY");
    set(X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(REFERRER_POLICY, "strict-origin-when-cross-origin");
    if hsts.0 {
        set(STRICT_TRANSPORT_SECURITY, HSTS_VALUE);
    }
    response
}

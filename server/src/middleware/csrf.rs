//! CSRF protection for cookie-authenticated requests: a state-changing request must come from our
//! own origin (the `Origin` header, or `Referer` when a browser omits it). SameSite=Lax cookies
//! already stop most cross-site posts; this closes the rest. Bearer-token API calls carry no cookie
//! and are not affected.

use crate::api::errors::cross_origin;
use axum::extract::Request;
use axum::http::header::{COOKIE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses cross-origin state-changing requests that carry cookies.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if is_safe(request.method())
        || (!request.headers().contains_key(COOKIE) && !is_login(request.uri().path()))
    {
        return next.run(request).await;
    }
    if from_same_origin(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "refused a cross-origin request");
        cross_origin().into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

// Login sets a cookie, so it is checked even without one (login CSRF).
fn is_login(path: &str) -> bool {
    path == "/rpc/login"
}

/// Whether `Origin` (or `Referer`) names the host the request was sent to.
pub fn from_same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|v| v.to_str().ok());
    match source.and_then(authority_of) {
        Some(authority) => authority.eq_ignore_ascii_case(host),
        None => false,
    }
}

fn authority_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(axum::http::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = HeaderValue::from_str(v) {
                h.insert(k.clone(), v);
            }
        }
        h
    }

    #[test]
    fn same_origin_is_accepted_and_others_refused() {
        assert!(from_same_origin(&headers(&[
            (HOST, "127.0.0.1:3000"),
            (ORIGIN, "http://127.0.0.1:3000")
        ])));
        assert!(from_same_origin(&headers(&[
            (HOST, "chat.acme.example"),
            (REFERER, "https://chat.acme.example/inbox?x=1")
        ])));
        assert!(!from_same_origin(&headers(&[
            (HOST, "chat.acme.example"),
            (ORIGIN, "https://evil.example")
        ])));
        assert!(!from_same_origin(&headers(&[
            (HOST, "chat.acme.example"),
            (ORIGIN, "https://chat.acme.example.evil.example")
        ])));
        assert!(!from_same_origin(&headers(&[
            (HOST, "chat.acme.example"),
            (ORIGIN, "null")
        ])));
        assert!(!from_same_origin(&headers(&[(HOST, "chat.acme.example")])));
    }
}

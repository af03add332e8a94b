//! Request context for server functions: state, the caller's address and scheme (through trusted
//! proxies), the session and device cookies.

use crate::errors::AppError;
use axum::extract::ConnectInfo;
use backend::AppState;
use backend::auth::{SESSION_MAX_DAYS, SessionService, SignedIn, device};
use http::header::{COOKIE, HeaderValue, SET_COOKIE};
use leptos::prelude::use_context;
use std::net::{IpAddr, SocketAddr};

/// The session cookie's name over plain http (development, a loopback bind).
pub const SESSION_COOKIE: &str = "chatlane_session";

/// The shared state the server provided.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// How the browser reached us: its address, and whether over https (the public URL says so, or
/// a trusted proxy does).
#[derive(Debug, Clone, Copy)]
pub struct RequestOrigin {
    /// The client's address (a trusted proxy's `X-Forwarded-For`, else the peer).
    pub client: IpAddr,
    /// Served over https: cookies are `Secure` and carry the `__Host-` prefix.
    pub https: bool,
}

impl RequestOrigin {
    /// The name of cookie `base` for this request: `__Host-` in front over https, so no sibling
    /// subdomain or plain-http page can set or shadow it.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.https {
            format!("__Host-{base}")
        } else {
            base.to_string()
        }
    }
}

/// Where the current request came from (loopback when the server function runs without a
/// connection, as in tests).
pub fn request_origin(state: &AppState) -> RequestOrigin {
    origin_of(state, use_context::<http::request::Parts>().as_ref())
}

/// Where the request with `parts` came from (loopback without a connection, as in tests).
pub fn origin_of(state: &AppState, parts: Option<&http::request::Parts>) -> RequestOrigin {
    let peer = parts
        .and_then(|p| p.extensions.get::<ConnectInfo<SocketAddr>>())
        .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(addr)| addr.ip());
    let header_lines = |name: &str| -> Vec<String> {
        parts
            .map(|p| {
                p.headers
                    .get_all(name)
                    .iter()
                    .filter_map(|v| v.to_str().ok().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let forwarded_for = header_lines("x-forwarded-for");
    let forwarded_for: Vec<&str> = forwarded_for.iter().map(String::as_str).collect();
    let proto = header_lines("x-forwarded-proto");
    RequestOrigin {
        client: state.trusted_proxies.client(peer, &forwarded_for),
        https: state.secure_cookies
            || state
                .trusted_proxies
                .says_https(peer, proto.first().map(String::as_str)),
    }
}

/// The value of cookie `name` in the request.
fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<http::request::Parts>()?, name)
}

/// The value of cookie `name` in the request with `parts`.
fn cookie_in(parts: &http::request::Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
}

/// The session token from the request's cookies (over https only the `__Host-` one).
pub fn session_token(origin: &RequestOrigin) -> Option<String> {
    cookie(&origin.cookie_name(SESSION_COOKIE))
}

/// The session token from the cookies of the request with `parts` (for routes outside Leptos).
pub fn session_token_in(parts: &http::request::Parts, origin: &RequestOrigin) -> Option<String> {
    cookie_in(parts, &origin.cookie_name(SESSION_COOKIE))
}

/// The browser's device cookie, if it sent one.
pub fn device_cookie(origin: &RequestOrigin) -> Option<String> {
    cookie(&origin.cookie_name(device::DEVICE_COOKIE))
}

/// The signed-in user, or `Unauthenticated`.
pub async fn signed_in() -> Result<(AppState, SignedIn), AppError> {
    let state = state()?;
    // A page request was resolved at the door (`pages_need_sign_in`): reuse it.
    if let Some(resolved) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
    {
        return Ok((state, resolved));
    }
    let origin = request_origin(&state);
    let token = session_token(&origin).ok_or(AppError::Unauthenticated)?;
    let signed_in = SessionService::resolve(&state.db, &token).await?;
    Ok((state, signed_in))
}

/// Appends a `Set-Cookie` for `base` (HttpOnly, SameSite=Lax, path /; `Secure` and `__Host-`
/// over https); `None` clears it.
fn set_cookie(
    origin: &RequestOrigin,
    base: &str,
    value: Option<&str>,
    max_age_days: i64,
) -> Result<(), AppError> {
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let name = origin.cookie_name(base);
    let secure = if origin.https { "; Secure" } else { "" };
    let (value, max_age) = match value {
        Some(v) => (v, max_age_days * 24 * 3600),
        None => ("", 0),
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    let value = HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}

/// Sets (or with `None`, clears) the session cookie. It lives as long as a session may (the
/// server ends idle sessions sooner).
pub fn set_session_cookie(origin: &RequestOrigin, token: Option<&str>) -> Result<(), AppError> {
    set_cookie(origin, SESSION_COOKIE, token, SESSION_MAX_DAYS)
}

/// Sets the device cookie that keeps this browser allowed to sign in to the account.
pub fn set_device_cookie(origin: &RequestOrigin, value: &str) -> Result<(), AppError> {
    set_cookie(
        origin,
        device::DEVICE_COOKIE,
        Some(value),
        device::DEVICE_COOKIE_DAYS,
    )
}

/// Parses a fixed-vocabulary field (status, message type); a bad value is a 422 naming the field.
pub fn parse_field<T>(field: &str, text: &str) -> Result<T, AppError>
where
    T: std::str::FromStr<Err = model::kinds::UnknownValue>,
{
    text.parse().map_err(|e: model::kinds::UnknownValue| {
        backend::ServiceError::invalid(field, e.to_string()).into()
    })
}

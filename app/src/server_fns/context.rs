//! Request context for server functions: state, the session cookie, the caller's address.

use crate::errors::AppError;
use backend::AppState;
use backend::auth::{SESSION_TTL_DAYS, SessionService, SignedIn};
use http::header::{COOKIE, HeaderValue, SET_COOKIE};
use leptos::prelude::use_context;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "chatlane_session";

/// The shared state the server provided.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The session token from the request's cookies.
pub fn session_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The signed-in user, or `Unauthenticated`.
pub async fn signed_in() -> Result<(AppState, SignedIn), AppError> {
    let state = state()?;
    let token = session_token().ok_or(AppError::Unauthenticated)?;
    let signed_in = SessionService::resolve(&state.db, &token).await?;
    Ok((state, signed_in))
}

/// The peer address of the connection (never a client-supplied forwarding header).
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// Sets (or with `None`, clears) the session cookie on the response.
pub fn set_session_cookie(token: Option<&str>, secure: bool) -> Result<(), AppError> {
    let response = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let secure = if secure { "; Secure" } else { "" };
    let cookie = match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_TTL_DAYS * 24 * 3600
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    let value = HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, value);
    Ok(())
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

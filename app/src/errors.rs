//! The app layer's one error type: what a server function can report to a page.

use model::FieldErrors;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// An error a page can show. Messages are safe to display; internals are logged, never sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session.
    #[error("Please sign in.")]
    Unauthenticated,
    /// Signed in, but the role does not allow it.
    #[error("{0}")]
    Forbidden(String),
    /// Missing, or another team's.
    #[error("Not found.")]
    NotFound,
    /// Field problems, shown next to each field.
    #[error("Please correct the highlighted fields.")]
    Validation(FieldErrors),
    /// A message for the user as is (wrong password, too many attempts).
    #[error("{0}")]
    Message(String),
    /// Something failed on the server; details are in its log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not call the server, or could not read its answer.
    #[error("Could not reach the server. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// The message for one field, if this is a validation error naming it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.get(name).map(str::to_string),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<backend::ServiceError> for AppError {
    fn from(e: backend::ServiceError) -> Self {
        use backend::ServiceError as S;
        use http::StatusCode;
        let retry_after = match &e {
            S::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let (status, error) = match e {
            S::NotFound => (StatusCode::NOT_FOUND, AppError::NotFound),
            S::Unauthenticated => (StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
            S::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                AppError::Message(S::BadCredentials.to_string()),
            ),
            S::Forbidden(m) => (StatusCode::FORBIDDEN, AppError::Forbidden(m)),
            e @ S::TeamAccessDenied => (StatusCode::FORBIDDEN, AppError::Forbidden(e.to_string())),
            S::Validation(f) => (StatusCode::UNPROCESSABLE_ENTITY, AppError::Validation(f)),
            S::Rule {
                field: Some(field),
                message,
                ..
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Validation(model::ValidationError::new(field, message).into()),
            ),
            S::Rule {
                field: None,
                message,
                ..
            } => (StatusCode::UNPROCESSABLE_ENTITY, AppError::Message(message)),
            e @ S::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                AppError::Message(e.to_string()),
            ),
            S::Database(err) => {
                tracing::error!(error = %err, "database error in a server function");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
            S::Internal(err) => {
                tracing::error!(error = %err, "internal error in a server function");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
        };
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            // A page that is redirecting (e.g. a signed-out visitor sent to the login page) keeps
            // its redirect even when one of its resources fails along the way.
            let redirecting = response.0.read().is_ok_and(|parts| {
                parts.status.is_some_and(|s| s.is_redirection())
                    || parts.headers.contains_key(http::header::LOCATION)
            });
            if !redirecting {
                response.set_status(status);
                if let Some(value) =
                    retry_after.and_then(|s| http::HeaderValue::from_str(&s.to_string()).ok())
                {
                    response.insert_header(http::header::RETRY_AFTER, value);
                }
            }
        }
        error
    }
}

//! The one error type of the service layer. The server maps it to HTTP statuses and UI messages.

use model::{FieldErrors, ValidationError};
use sea_orm::DbErr;

/// What can go wrong in a service call.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The row does not exist, or belongs to another team (we never confirm which).
    #[error("not found")]
    NotFound,
    /// No valid session or token.
    #[error("sign-in required")]
    Unauthenticated,
    /// Wrong email or password (one message for both, so accounts cannot be discovered).
    #[error("Wrong email or password.")]
    BadCredentials,
    /// The caller is signed in but their role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// Input that breaks a rule; messages per field.
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// A business rule refused the request. `code` is the REST API's machine code
    /// (`DUPLICATE_EMAIL`, `INVALID_CHANNEL`, ...); `field` names the input at fault, if one is.
    #[error("{message}")]
    Rule {
        /// Machine-readable code.
        code: &'static str,
        /// The request field at fault.
        field: Option<&'static str>,
        /// Human message.
        message: String,
    },
    /// A genuine API token whose user is no longer a member of the token's team.
    #[error("This token's user is no longer a member of its team.")]
    TeamAccessDenied,
    /// Too many attempts; try again after this many seconds.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// A database failure (details are logged, never shown).
    #[error("database error")]
    Database(#[from] DbErr),
    /// Any other internal failure (details are logged, never shown).
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// A validation error on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ServiceError::Validation(ValidationError::new(field, message).into())
    }

    /// A rule refusal about one field.
    pub fn rule(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Rule {
            code,
            field: Some(field),
            message: message.into(),
        }
    }

    /// The "admins only" refusal.
    pub fn admins_only() -> Self {
        ServiceError::Forbidden("Only admins of this team can do this.".to_string())
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Validation(e)
    }
}

impl From<ValidationError> for ServiceError {
    fn from(e: ValidationError) -> Self {
        ServiceError::Validation(e.into())
    }
}

/// Shorthand for service results.
pub type ServiceResult<T> = Result<T, ServiceError>;

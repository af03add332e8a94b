//! The REST error body `{"error", "code", "details"}` and constructor functions for each kind.
//! Field problems are reported as `details: {"field": ["message", ...]}`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backend::ServiceError;
use model::FieldErrors;
use serde_json::{Map, Value, json};

/// An error response of the REST API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Machine-readable code.
    pub code: &'static str,
    /// Human message.
    pub message: String,
    /// Extra structured details (per-field messages, limits).
    pub details: Value,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for people.
    #[schema(example = "The given data was invalid.")]
    pub error: String,
    /// What went wrong, for programs: `UNAUTHENTICATED`, `UNAUTHORIZED`, `NOT_FOUND`,
    /// `VALIDATION_ERROR`, `DUPLICATE_EMAIL`, `DUPLICATE_PHONE`, `RATE_LIMITED`, ...
    #[schema(example = "VALIDATION_ERROR")]
    pub code: String,
    /// Per-field messages (`{"email": ["..."]}`) or other structured detail.
    #[schema(value_type = Object)]
    pub details: Value,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.message,
            code: self.code.to_string(),
            details: self.details,
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: json!({}),
        }
    }
}

/// `{"field": ["message"]}` for each field with a problem.
pub fn field_details(errors: &FieldErrors) -> Value {
    let map: Map<String, Value> = errors
        .0
        .iter()
        .map(|(field, message)| (field.clone(), json!([message])))
        .collect();
    Value::Object(map)
}

/// 422 `VALIDATION_ERROR` with per-field messages.
pub fn validation(errors: &FieldErrors) -> ApiError {
    ApiError {
        details: field_details(errors),
        ..ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            "The given data was invalid.",
        )
    }
}

/// 400 `MALFORMED_REQUEST`: the body is not JSON (the parser's reason in `details`).
pub fn malformed(reason: impl Into<String>) -> ApiError {
    ApiError {
        details: json!({ "reason": reason.into() }),
        ..ApiError::new(
            StatusCode::BAD_REQUEST,
            "MALFORMED_REQUEST",
            "The request body is not valid JSON.",
        )
    }
}

/// 415 `UNSUPPORTED_MEDIA_TYPE`: a body that is not `application/json`.
pub fn unsupported_media_type() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the request body as JSON with Content-Type: application/json.",
    )
}

/// 413 `PAYLOAD_TOO_LARGE`.
pub fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "The request body is too large.",
    )
}

/// 403 `UNAUTHORIZED`: a valid token whose user may not do this.
pub fn forbidden(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "UNAUTHORIZED", message)
}

/// 429 `RATE_LIMITED`.
pub fn rate_limited(retry_after_secs: u64) -> ApiError {
    ApiError {
        details: json!({ "retry_after": retry_after_secs }),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!("Too many requests. Try again in {retry_after_secs} seconds."),
        )
    }
}

/// 500 `SERVER_ERROR` (the cause is logged, never sent).
pub fn internal() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "SERVER_ERROR",
        "Something went wrong on our side.",
    )
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => not_found(),
            ServiceError::Unauthenticated | ServiceError::BadCredentials => unauthenticated(),
            ServiceError::Forbidden(message) => forbidden(message),
            e @ ServiceError::TeamAccessDenied => {
                ApiError::new(StatusCode::FORBIDDEN, "TEAM_ACCESS_DENIED", e.to_string())
            }
            ServiceError::Validation(errors) => validation(&errors),
            ServiceError::Rule {
                code,
                field,
                message,
            } => ApiError {
                details: field.map_or_else(
                    || json!({}),
                    |f| Value::Object(Map::from_iter([(f.to_string(), json!([message.clone()]))])),
                ),
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            },
            ServiceError::RateLimited { retry_after_secs } => rate_limited(retry_after_secs),
            ServiceError::Database(err) => {
                tracing::error!(error = %err, "database error in an API request");
                internal()
            }
            ServiceError::Internal(err) => {
                tracing::error!(error = %err, "internal error in an API request");
                internal()
            }
        }
    }
}

/// 404 `NOT_FOUND`.
pub fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", "Resource not found.")
}

/// 401 `UNAUTHENTICATED`.
pub fn unauthenticated() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        "A valid API token is required.",
    )
}

/// 403 `CSRF_REJECTED`: a browser request from another origin.
pub fn cross_origin() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "CSRF_REJECTED",
        "This request did not come from a Chatlane page.",
    )
}

/// 405 `METHOD_NOT_ALLOWED` for a known path with another verb.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "This endpoint does not support that method.",
    )
}

/// Fallback for `/api/v1/*` paths that do not exist.
pub async fn unknown_endpoint() -> ApiError {
    not_found()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn errors_have_the_documented_shape() {
        let response = not_found().into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let bytes = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(&bytes).unwrap_or_default();
        assert_eq!(
            body,
            json!({"error": "Resource not found.", "code": "NOT_FOUND", "details": {}})
        );
    }
}

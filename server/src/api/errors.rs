//! The REST error body `{"error", "code", "details"}` and constructor functions for each kind.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({ "error": self.message, "code": self.code, "details": self.details })),
        )
            .into_response()
    }
}

/// 404 `NOT_FOUND`.
pub fn not_found() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "NOT_FOUND",
        message: "Resource not found.".into(),
        details: json!({}),
    }
}

/// 401 `UNAUTHENTICATED`.
pub fn unauthenticated() -> ApiError {
    ApiError {
        status: StatusCode::UNAUTHORIZED,
        code: "UNAUTHENTICATED",
        message: "A valid API token is required.".into(),
        details: json!({}),
    }
}

/// 403 `CSRF_REJECTED`: a browser request from another origin.
pub fn cross_origin() -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        code: "CSRF_REJECTED",
        message: "This request did not come from a Chatlane page.".into(),
        details: json!({}),
    }
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

//! `GET /healthz`: 200 when the database answers, 503 otherwise.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::AppState;
use serde_json::{Value, json};

/// Liveness and readiness in one: load balancers take a replica out when its database is gone.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match backend::db::ping(&state.db).await {
        Ok(_) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable"})),
            )
        }
    }
}

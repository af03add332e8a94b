//! `GET /healthz`: 200 when the database answers, 503 otherwise. `GET /livez`: 200 while the
//! process serves requests at all (no database; also the API benchmark's baseline route).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::AppState;
use serde_json::{Value, json};

/// Readiness: load balancers take a replica out when its database is gone.
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

/// Liveness: the process answers. Orchestrators restart a replica that stops answering this.
pub async fn livez() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

//! `GET /demo/crm/customers/{email}` and `GET /demo/crm/customers/{email}/orders`: the demo CRM
//! the built-in "Customer Data Lookup" and "Order History" integrations call (see
//! `backend::demo`). It answers only while a demo integration exists (a deployment that never ran
//! `chatlane demo`, or removed it, answers 404 as if the route did not exist), wants the demo's
//! bearer token, and serves invented data: the worked example's JSON, or 404
//! `{"error": "Customer not found"}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use backend::AppState;
use backend::demo::crm::{self, Lookup};
use serde_json::{Value, json};

/// One customer by email.
pub async fn customer(
    State(state): State<AppState>,
    Path(email): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    answer(&state, &headers, || crm::customer(&email)).await
}

/// One customer's orders by email.
pub async fn orders(
    State(state): State<AppState>,
    Path(email): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    answer(&state, &headers, || crm::orders(&email)).await
}

/// The CRM's answer: 404 unless the demo is installed, 401 without the demo token, then `lookup`.
async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    lookup: impl FnOnce() -> Lookup,
) -> (StatusCode, Json<Value>) {
    match backend::demo::integration::installed(&state.db).await {
        Ok(true) => {}
        Ok(false) => return (StatusCode::NOT_FOUND, Json(json!({"error": "Not found"}))),
        Err(e) => {
            tracing::warn!(error = %e, "demo CRM: database unavailable");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "The demo CRM is unavailable"})),
            );
        }
    }
    let expected = format!("Bearer {}", crm::TOKEN);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected);
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "Invalid API token"})),
        );
    }
    match lookup() {
        Lookup::Found(found) => (StatusCode::OK, Json(found)),
        Lookup::NotFound => (StatusCode::NOT_FOUND, Json(crm::not_found_body())),
    }
}

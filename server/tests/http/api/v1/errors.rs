//! Malformed requests: every failure answers `{error, code, details}` with the right status.

use crate::support::spawn_app;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400_wrong_content_type_415_and_unknown_fields_422() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .api_raw(
            Method::POST,
            "/api/v1/contacts",
            Some(&token),
            Some("application/json"),
            "{\"name\": ",
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "MALFORMED_REQUEST")
    );
    let r = app
        .api_raw(
            Method::POST,
            "/api/v1/contacts",
            Some(&token),
            Some("text/plain"),
            "name=Pat",
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE")
    );
    let r = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({"name": "Pat", "phone": "+14155550100"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json["details"], json!({"phone": ["Unknown field."]}));
    let r = app
        .post("/api/v1/contacts", &token, json!({"name": 42}))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR")
    );
    assert!(r.json["details"]["name"].is_array(), "{}", r.json);
}

#[tokio::test]
async fn unknown_api_paths_are_404_in_the_error_format() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/nothing-here", &token).await;
    assert_eq!(
        r.json,
        json!({"error": "Resource not found.", "code": "NOT_FOUND", "details": {}})
    );
    let r = app.delete("/api/v1/contacts", &token).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED")
    );
}

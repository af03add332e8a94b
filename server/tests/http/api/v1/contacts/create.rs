//! `POST /api/v1/contacts`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn creates_a_contact_with_a_normalised_phone_and_answers_201() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({
                "name": "John Doe",
                "email": "John@Example.COM",
                "phone_number": "+44 1234 567890",
                "custom_attributes": {"company": "Acme Corp", "role": "Manager"}
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    insta::assert_json_snapshot!(stable(&r.json));
    let id = r.json["data"]["id"].as_i64().unwrap_or_default();
    let fetched = app.get(&format!("/api/v1/contacts/{id}"), &token).await;
    assert_eq!(fetched.json, r.json);
}

#[tokio::test]
async fn field_problems_are_422_with_every_field_named() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({"email": "not-an-email", "phone_number": "12"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
}

#[tokio::test]
async fn duplicates_in_the_team_have_their_own_codes() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let post = |body| app.post("/api/v1/contacts", &token, body);
    let first = post(json!({"name": "Pat", "phone_number": "+14155550100"})).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let r = post(json!({"name": "Pat 2", "email": "CUSTOMER@alpha.example"})).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "DUPLICATE_EMAIL")
    );
    insta::assert_json_snapshot!(r.json);
    let r = post(json!({"name": "Pat 3", "phone_number": "+1 415 555 0100"})).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "DUPLICATE_PHONE")
    );
    assert_eq!(
        r.json["details"]["phone_number"].as_array().map(Vec::len),
        Some(1)
    );
    // Another team's customer email is free to use here... and the other way round.
    let bravo = app.agent_token(&app.bravo).await;
    let r = app
        .post(
            "/api/v1/contacts",
            &bravo,
            json!({"name": "Pat", "phone_number": "+14155550100"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
}

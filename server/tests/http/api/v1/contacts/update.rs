//! `PUT` / `PATCH /api/v1/contacts/{id}`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn put_and_patch_are_partial_and_merge_custom_attributes() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let created = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({
                "name": "John Doe",
                "email": "john@example.com",
                "custom_attributes": {"company": "Acme Corp", "role": "Manager", "tier": "gold"}
            }),
        )
        .await;
    let path = format!(
        "/api/v1/contacts/{}",
        created.json["data"]["id"].as_i64().unwrap_or_default()
    );
    let r = app
        .put(&path, &token, json!({
                "name": "Jane Doe",
                "custom_attributes": {"company": "New Corp", "tier": null, "department": "Engineering"}
            }))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
    let r = app
        .patch(
            &path,
            &token,
            json!({"phone_number": "+1 (987) 654-321", "email": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["data"]["name"], json!("Jane Doe"));
    assert_eq!(r.json["data"]["email"], json!(null));
    assert_eq!(r.json["data"]["phone_number"], json!("+1987654321"));
    assert_eq!(
        r.json["data"]["custom_attributes"],
        json!({"company": "New Corp", "role": "Manager", "department": "Engineering"})
    );
}

#[tokio::test]
async fn taking_another_contacts_email_is_duplicate_email_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let created = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({"name": "Sam", "email": "sam@example.com"}),
        )
        .await;
    let path = format!(
        "/api/v1/contacts/{}",
        created.json["data"]["id"].as_i64().unwrap_or_default()
    );
    let r = app
        .patch(
            &path,
            &token,
            json!({"name": "Samuel", "email": "customer@alpha.example"}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "DUPLICATE_EMAIL")
    );
    let after = app.get(&path, &token).await;
    assert_eq!(after.json["data"]["name"], json!("Sam"));
    assert_eq!(after.json["data"]["email"], json!("sam@example.com"));
}

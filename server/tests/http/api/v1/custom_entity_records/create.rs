//! `POST /api/v1/custom-entity-records`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn creates_a_record_taking_the_external_id_from_its_attribute() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post("/api/v1/custom-entity-records", &token, json!({"custom_entity_id": app.alpha.entity_id, "values": {"order_number": "Order #12345", "status": "pending"}}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["data"]["external_id"], "Order #12345");
    insta::assert_json_snapshot!(stable(&r.json));

    let explicit = app
        .post("/api/v1/custom-entity-records", &token, json!({"custom_entity_id": app.alpha.entity_id, "external_id": "EXT-9", "values": {"order_number": "A-9"}}))
        .await;
    assert_eq!(explicit.json["data"]["external_id"], "EXT-9");
}

#[tokio::test]
async fn values_must_match_the_entitys_attributes() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let post = |body| app.post("/api/v1/custom-entity-records", &token, body);
    let r = post(json!({"custom_entity_id": app.alpha.entity_id, "values": {"status": "lost", "amount": "ten", "colour": "red"}})).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR")
    );
    insta::assert_json_snapshot!("invalid_values", r.json["details"]);

    let r = post(json!({"values": {}})).await;
    assert_eq!(
        r.json["details"]["custom_entity_id"][0],
        "This field is required."
    );
    let r = post(json!({"custom_entity_id": app.bravo.entity_id, "values": {"order_number": "x"}}))
        .await;
    assert_eq!(
        r.json["details"]["custom_entity_id"][0],
        "No custom entity with this id in your team."
    );
    let r = post(json!({"custom_entity_id": app.alpha.entity_id})).await;
    assert_eq!(r.json["details"]["values"][0], "This field is required.");
}

//! `GET /api/v1/custom-entity-records`.

use crate::support::api::{ids, stable};
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn lists_the_teams_records_filtered_by_entity_and_time() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/custom-entity-records", &token).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));

    let created_at = r.json["data"][0]["created_at"]
        .as_str()
        .expect("created_at")
        .to_string();
    let newer = app
        .post("/api/v1/custom-entity-records", &token, json!({"custom_entity_id": app.alpha.entity_id, "values": {"order_number": "alpha-1002"}}))
        .await;
    let newer_id = newer.json["data"]["id"].as_i64().expect("id");
    let after = app
        .get(
            &format!(
                "/api/v1/custom-entity-records?created_after={}",
                created_at.replace('+', "%2B")
            ),
            &token,
        )
        .await;
    assert_eq!(ids(&after.json), [newer_id]);
    let by_entity = app
        .get(
            &format!(
                "/api/v1/custom-entity-records?custom_entity_id={}",
                app.alpha.entity_id
            ),
            &token,
        )
        .await;
    assert_eq!(ids(&by_entity.json), [app.alpha.record_id, newer_id]);
    let other = app
        .get(
            &format!(
                "/api/v1/custom-entity-records?custom_entity_id={}",
                app.bravo.entity_id
            ),
            &token,
        )
        .await;
    assert_eq!(ids(&other.json), Vec::<i64>::new());
    let bad = app
        .get("/api/v1/custom-entity-records?custom_entity_id=x", &token)
        .await;
    assert_eq!(bad.code(), "VALIDATION_ERROR");
}

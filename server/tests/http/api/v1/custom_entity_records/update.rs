//! `PUT` / `PATCH /api/v1/custom-entity-records/{id}`.

use crate::support::api::stable;
use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn values_merge_and_the_external_id_follows_its_attribute() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let path = format!("/api/v1/custom-entity-records/{}", app.alpha.record_id);
    let r = app
        .put(
            &path,
            &token,
            json!({"values": {"status": "completed", "amount": 149.99}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    insta::assert_json_snapshot!(stable(&r.json));

    let r = app
        .patch(
            &path,
            &token,
            json!({"values": {"order_number": "alpha-2002", "amount": null}}),
        )
        .await;
    assert_eq!(r.json["data"]["external_id"], "alpha-2002");
    assert_eq!(
        r.json["data"]["values"],
        json!({"order_number": "alpha-2002", "status": "completed"})
    );

    let r = app
        .patch(&path, &token, json!({"external_id": "EXT-1"}))
        .await;
    assert_eq!(r.json["data"]["external_id"], "EXT-1");
    assert_eq!(r.json["data"]["values"]["order_number"], "alpha-2002");
}

#[tokio::test]
async fn the_entity_cannot_change_and_required_values_stay() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let path = format!("/api/v1/custom-entity-records/{}", app.alpha.record_id);
    let r = app
        .patch(
            &path,
            &token,
            json!({"custom_entity_id": app.alpha.entity_id + 100}),
        )
        .await;
    assert_eq!(
        r.json["details"]["custom_entity_id"][0],
        "A record's custom entity cannot change."
    );
    let r = app
        .patch(&path, &token, json!({"values": {"order_number": null}}))
        .await;
    assert_eq!(
        r.json["details"]["values.order_number"][0],
        "This field is required."
    );
    // Nothing changed.
    let r = app.get(&path, &token).await;
    assert_eq!(r.json["data"]["values"]["order_number"], "alpha-1001");
}

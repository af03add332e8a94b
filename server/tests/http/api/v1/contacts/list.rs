//! `GET /api/v1/contacts`: filters, pagination and polling with `created_after`.

use crate::support::api::{ids, stable};
use crate::support::{TestApp, spawn_app};
use axum::http::StatusCode;
use backend::entities::contact;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

async fn add_contact(app: &TestApp, token: &str, body: Value) -> i64 {
    let r = app.post("/api/v1/contacts", token, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    r.json["data"]["id"].as_i64().unwrap_or_default()
}

async fn set_created_at(app: &TestApp, id: i64, at: DateTime<Utc>) {
    let row = contact::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row");
    let mut active: contact::ActiveModel = row.into();
    active.created_at = Set(at);
    active.update(&app.db).await.expect("update");
}

#[tokio::test]
async fn the_default_list_is_the_documented_envelope() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/contacts", &token).await;
    assert_eq!(r.status, StatusCode::OK);
    insta::assert_json_snapshot!(stable(&r.json));
}

#[tokio::test]
async fn pages_split_the_list_and_the_last_page_is_partial() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    for n in 1..=4 {
        add_contact(&app, &token, json!({"name": format!("Person {n}")})).await;
    }
    // 5 contacts: the seeded customer and the four above.
    let r = app
        .get("/api/v1/contacts?limit=2&page=3&email=", &token)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(ids(&r.json).len(), 1);
    let meta = &r.json["meta"];
    assert_eq!(
        (
            &meta["current_page"],
            &meta["last_page"],
            &meta["from"],
            &meta["to"],
            &meta["total"]
        ),
        (&json!(3), &json!(3), &json!(5), &json!(5), &json!(5))
    );
    assert_eq!(r.json["links"]["next"], Value::Null);
    assert_eq!(
        r.json["links"]["prev"],
        json!("http://chatlane.test/api/v1/contacts?limit=2&email=&page=2")
    );
    // Walking the pages visits every contact once.
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = app
            .get(&format!("/api/v1/contacts?limit=2&page={page}"), &token)
            .await;
        seen.extend(ids(&r.json));
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (5, 5));
    // offset works too.
    let r = app.get("/api/v1/contacts?offset=4&limit=2", &token).await;
    assert_eq!(ids(&r.json), seen[4..].to_vec());
}

#[tokio::test]
async fn limit_100_is_accepted_and_101_is_a_validation_error() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/contacts?limit=100", &token).await;
    assert_eq!(
        (r.status, &r.json["meta"]["per_page"]),
        (StatusCode::OK, &json!(100))
    );
    let r = app.get("/api/v1/contacts?limit=101", &token).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!(r.json);
}

#[tokio::test]
async fn an_empty_result_has_no_positions_and_one_page() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .get(
            "/api/v1/contacts?created_after=2999-01-01T00:00:00Z",
            &token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["data"], json!([]));
    assert_eq!(
        (
            &r.json["meta"]["from"],
            &r.json["meta"]["to"],
            &r.json["meta"]["last_page"]
        ),
        (&Value::Null, &Value::Null, &json!(1))
    );
}

#[tokio::test]
async fn email_matches_exactly_and_phone_numbers_are_normalised_before_matching() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let uk = add_contact(
        &app,
        &token,
        json!({"name": "Uma", "email": "uma@shop.example", "phone_number": "+441234567890"}),
    )
    .await;
    add_contact(
        &app,
        &token,
        json!({"name": "Umberto", "email": "umberto@shop.example"}),
    )
    .await;
    for query in [
        "phone_number=%2B44%201234%20567890",
        // An unencoded + arrives as a space, as in the reference's own example.
        "phone_number=+441234567890",
        "phone_number=%2B44%20(0)1234-567890",
        "email=UMA%40shop.example",
        "email=uma%40shop.example&phone_number=%2B441234567890",
    ] {
        let r = app.get(&format!("/api/v1/contacts?{query}"), &token).await;
        assert_eq!(ids(&r.json), vec![uk], "{query}: {}", r.json);
    }
    let r = app
        .get(
            "/api/v1/contacts?email=uma%40shop.example&phone_number=%2B15550100",
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), Vec::<i64>::new());
    let r = app.get("/api/v1/contacts?email=uma%40shop", &token).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["details"]["email"].is_array());
    let r = app.get("/api/v1/contacts?phone_number=12ab", &token).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["details"]["phone_number"].is_array());
}

#[tokio::test]
async fn created_after_is_strict_and_equal_timestamps_page_in_id_order() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let at = DateTime::parse_from_rfc3339("2030-03-01T12:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    let mut same = Vec::new();
    for name in ["Tie A", "Tie B", "Tie C"] {
        let id = add_contact(&app, &token, json!({"name": name})).await;
        set_created_at(&app, id, at).await;
        same.push(id);
    }
    let later = add_contact(&app, &token, json!({"name": "Later"})).await;
    set_created_at(&app, later, at + Duration::seconds(1)).await;
    // (The seeded customer was created now, long before these.)
    // Strictly after: rows at exactly the boundary are not repeated.
    let r = app
        .get(
            "/api/v1/contacts?created_after=2030-03-01T12:00:00Z",
            &token,
        )
        .await;
    assert_eq!(ids(&r.json), vec![later]);
    // Just before: the tied rows come in id order, then the later one, one per page.
    let mut polled = Vec::new();
    for page in 1..=4 {
        let r = app
            .get(
                &format!(
                    "/api/v1/contacts?created_after=2030-03-01T11:59:59.999999Z&limit=1&page={page}"
                ),
                &token,
            )
            .await;
        polled.extend(ids(&r.json));
    }
    let mut expected = same.clone();
    expected.push(later);
    assert_eq!(polled, expected);
    // The response's own created_at is a valid created_after value.
    let r = app.get(&format!("/api/v1/contacts/{later}"), &token).await;
    let stamp = r.json["data"]["created_at"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(stamp, "2030-03-01T12:00:01Z");
    let bad = app
        .get("/api/v1/contacts?created_after=last%20tuesday", &token)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["details"]["created_after"].is_array());
}

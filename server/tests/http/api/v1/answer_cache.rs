//! GET answers are reused from memory, but never once the team's data has changed — whichever way
//! it changed — and never for a token that has since been revoked.

use crate::support::spawn_app;
use axum::http::StatusCode;
use backend::auth::ApiTokenService;
use backend::entities::api_token;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;

fn names(response: &serde_json::Value) -> Vec<String> {
    response["data"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_repeated_list_shows_every_change_made_through_the_api_a_service_or_plain_sql() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    let list = "/api/v1/contacts?limit=10";
    let first = app.get(list, &token).await;
    assert_eq!(names(&first.json), vec!["alpha Customer"]);
    assert_eq!(
        app.get(list, &token).await.json,
        first.json,
        "unchanged data, same answer"
    );

    let created = app
        .post(
            "/api/v1/contacts",
            &token,
            json!({"name": "Bea Buyer", "email": "bea@example.com"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(
        names(&app.get(list, &token).await.json),
        vec!["alpha Customer", "Bea Buyer"],
        "a contact created through the API"
    );

    // What the inbox (server functions) and other replicas or the CLI do: write without this
    // router seeing a request.
    app.db
        .execute_unprepared(&format!(
            "UPDATE contacts SET name = 'Renamed Elsewhere' WHERE id = {}",
            app.alpha.contact_id
        ))
        .await
        .expect("sql");
    assert_eq!(
        names(&app.get(list, &token).await.json),
        vec!["Renamed Elsewhere", "Bea Buyer"],
        "a change made outside the API"
    );

    let single = format!("/api/v1/contacts/{}", app.alpha.contact_id);
    assert_eq!(
        app.get(&single, &token).await.json["data"]["name"],
        "Renamed Elsewhere"
    );
    app.db
        .execute_unprepared(&format!(
            "DELETE FROM contacts WHERE id = {}",
            app.alpha.contact_id
        ))
        .await
        .expect("sql");
    assert_eq!(app.get(&single, &token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_teams_writes_leave_a_cached_answer_alone_and_revocation_still_bites() {
    let app = spawn_app().await;
    let alpha = app.agent_token(&app.alpha).await;
    let bravo = app.agent_token(&app.bravo).await;
    let list = "/api/v1/conversations";
    let before = app.get(list, &alpha).await;
    assert_eq!(before.status, StatusCode::OK);
    let created = app
        .post(
            "/api/v1/contacts",
            &bravo,
            json!({"name": "Only Bravo", "email": "only@bravo.example"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(app.get(list, &alpha).await.json, before.json);

    let rows = api_token::Entity::find()
        .all(&app.db)
        .await
        .expect("tokens");
    let alpha_row = rows
        .iter()
        .find(|r| r.team_id == app.alpha.id)
        .expect("alpha's token");
    ApiTokenService::revoke_by_id(&app.db, alpha_row.id)
        .await
        .expect("revoke");
    let refused = app.get(list, &alpha).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
        "the cached answer is not served to a revoked token"
    );
}

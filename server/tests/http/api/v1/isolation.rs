//! Tenant isolation: team bravo's token sees none of team alpha's rows (every id is a 404, never a
//! 403 that would confirm it exists), and no route answers without a token.

use crate::support::spawn_app;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// Every `/api/v1` route that takes an id, with alpha's id filled in, and a body where needed.
fn routes_with_ids(
    inbox: i64,
    contact: i64,
    conversation: i64,
    message: i64,
    attachment: i64,
    record: i64,
    integration: i64,
) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::GET,
            format!("/api/v1/integrations/{integration}"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/integrations/{integration}"),
            Some(json!({"name": "Taken over"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/integrations/{integration}"),
            Some(json!({"name": "Taken over"})),
        ),
        (
            Method::POST,
            format!("/api/v1/integrations/{integration}/test"),
            Some(json!({})),
        ),
        (
            Method::GET,
            format!("/api/v1/inboxes/{inbox}/integrations"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/inboxes/{inbox}/integrations"),
            Some(json!({"integrations": []})),
        ),
        (
            Method::GET,
            format!("/api/v1/contacts/{contact}/integration-data"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/integrations/{integration}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/custom-entity-records/{record}"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/custom-entity-records/{record}"),
            Some(json!({"values": {"status": "shipped"}})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/custom-entity-records/{record}"),
            Some(json!({"values": {"status": "shipped"}})),
        ),
        (Method::GET, format!("/api/v1/messages/{message}"), None),
        (
            Method::POST,
            format!("/api/v1/conversations/{conversation}/messages"),
            Some(json!({"body": "Taken over", "type": "note"})),
        ),
        (
            Method::GET,
            format!("/api/v1/attachments/{attachment}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/conversations/{conversation}"),
            None,
        ),
        (Method::GET, format!("/api/v1/inboxes/{inbox}"), None),
        (Method::GET, format!("/api/v1/contacts/{contact}"), None),
        (
            Method::PUT,
            format!("/api/v1/contacts/{contact}"),
            Some(json!({"name": "Taken over"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/contacts/{contact}"),
            Some(json!({"name": "Taken over"})),
        ),
    ]
}

/// Every `/api/v1` route: those with ids (alpha's filled in) and the collections.
pub fn every_route(
    inbox: i64,
    contact: i64,
    conversation: i64,
    message: i64,
    attachment: i64,
    record: i64,
    integration: i64,
) -> Vec<(Method, String, Option<Value>)> {
    let mut routes = routes_with_ids(
        inbox,
        contact,
        conversation,
        message,
        attachment,
        record,
        integration,
    );
    routes.extend(collection_routes());
    routes
}

/// Every collection route.
fn collection_routes() -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, "/api/v1/conversations".into(), None),
        (
            Method::POST,
            "/api/v1/conversations".into(),
            Some(json!({"subject": "New"})),
        ),
        (Method::GET, "/api/v1/messages".into(), None),
        (Method::GET, "/api/v1/custom-entity-records".into(), None),
        (
            Method::POST,
            "/api/v1/custom-entity-records".into(),
            Some(json!({"values": {}})),
        ),
        (Method::GET, "/api/v1/inboxes".into(), None),
        (Method::GET, "/api/v1/integrations".into(), None),
        (
            Method::POST,
            "/api/v1/integrations".into(),
            Some(json!({"name": "New", "url": "https://crm.example.com/x"})),
        ),
        (Method::GET, "/api/v1/contacts".into(), None),
        (
            Method::POST,
            "/api/v1/contacts".into(),
            Some(json!({"name": "New"})),
        ),
    ]
}

#[tokio::test]
async fn another_teams_ids_are_not_found_on_every_route() {
    let app = spawn_app().await;
    let bravo = app.token(&app.bravo, true).await;
    for (method, path, body) in routes_with_ids(
        app.alpha.inbox_id,
        app.alpha.contact_id,
        app.alpha.conversation_id,
        app.alpha.message_id,
        app.alpha.attachment_id,
        app.alpha.record_id,
        app.alpha.integration_id,
    ) {
        let r = app.api(method.clone(), &path, Some(&bravo), body).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "NOT_FOUND"),
            "{method} {path}"
        );
    }
    // Nothing was changed by the attempts.
    let alpha = app.token(&app.alpha, false).await;
    let r = app
        .get(
            &format!("/api/v1/contacts/{}", app.alpha.contact_id),
            &alpha,
        )
        .await;
    assert_eq!(r.json["data"]["name"], json!("alpha Customer"));
}

#[tokio::test]
async fn collections_list_only_the_tokens_team() {
    let app = spawn_app().await;
    let bravo = app.token(&app.bravo, true).await;
    for (path, alpha_id) in [
        ("/api/v1/inboxes", app.alpha.inbox_id),
        ("/api/v1/contacts", app.alpha.contact_id),
        ("/api/v1/conversations", app.alpha.conversation_id),
        ("/api/v1/messages", app.alpha.message_id),
        ("/api/v1/custom-entity-records", app.alpha.record_id),
        ("/api/v1/integrations", app.alpha.integration_id),
    ] {
        let r = app.get(path, &bravo).await;
        let ids: Vec<i64> = r.json["data"]
            .as_array()
            .map(|rows| rows.iter().filter_map(|x| x["id"].as_i64()).collect())
            .unwrap_or_default();
        assert!(!ids.is_empty(), "{path} lists bravo's own rows");
        assert!(!ids.contains(&alpha_id), "{path} leaks alpha's row");
    }
}

#[tokio::test]
async fn every_route_requires_a_token() {
    let app = spawn_app().await;
    let routes = every_route(
        app.alpha.inbox_id,
        app.alpha.contact_id,
        app.alpha.conversation_id,
        app.alpha.message_id,
        app.alpha.attachment_id,
        app.alpha.record_id,
        app.alpha.integration_id,
    );
    for (method, path, body) in routes {
        let r = app.api(method.clone(), &path, None, body).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
            "{method} {path}"
        );
    }
}

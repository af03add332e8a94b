//! Tenant isolation: team bravo's token sees none of team alpha's rows (every id is a 404, never a
//! 403 that would confirm it exists), and no route answers without a token.

use crate::support::{Team, spawn_app};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// The ids the routes are filled with.
#[derive(Debug, Clone, Copy)]
pub struct Ids {
    pub inbox: i64,
    pub contact: i64,
    pub conversation: i64,
    pub message: i64,
    pub attachment: i64,
    pub record: i64,
    pub integration: i64,
    pub webhook: i64,
}

impl Ids {
    /// `team`'s rows.
    pub fn of(team: &Team) -> Self {
        Ids {
            inbox: team.inbox_id,
            contact: team.contact_id,
            conversation: team.conversation_id,
            message: team.message_id,
            attachment: team.attachment_id,
            record: team.record_id,
            integration: team.integration_id,
            webhook: team.webhook_id,
        }
    }

    /// The same id everywhere (to compare route templates).
    pub fn all(id: i64) -> Self {
        Ids {
            inbox: id,
            contact: id,
            conversation: id,
            message: id,
            attachment: id,
            record: id,
            integration: id,
            webhook: id,
        }
    }
}

/// Every `/api/v1` route that takes an id, with alpha's id filled in, and a body where needed.
fn routes_with_ids(ids: Ids) -> Vec<(Method, String, Option<Value>)> {
    let Ids {
        inbox,
        contact,
        conversation,
        message,
        attachment,
        record,
        integration,
        webhook,
    } = ids;
    vec![
        (Method::GET, format!("/api/v1/webhooks/{webhook}"), None),
        (
            Method::PATCH,
            format!("/api/v1/webhooks/{webhook}"),
            Some(json!({"description": "Taken over"})),
        ),
        (
            Method::POST,
            format!("/api/v1/webhooks/{webhook}/rotate-secret"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/webhooks/{webhook}/test"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/webhooks/{webhook}/deliveries"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/webhooks/{webhook}/deliveries/1/redeliver"),
            None,
        ),
        (Method::DELETE, format!("/api/v1/webhooks/{webhook}"), None),
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
            format!("/api/v1/integrations/{integration}/cache"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/integrations/{integration}/cache"),
            None,
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
pub fn every_route(ids: Ids) -> Vec<(Method, String, Option<Value>)> {
    let mut routes = routes_with_ids(ids);
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
        // A stream: only ever requested here without a token (the walk never opens it).
        (Method::GET, "/api/v1/events".into(), None),
        (Method::GET, "/api/v1/custom-entity-records".into(), None),
        (
            Method::POST,
            "/api/v1/custom-entity-records".into(),
            Some(json!({"values": {}})),
        ),
        (Method::GET, "/api/v1/inboxes".into(), None),
        (Method::GET, "/api/v1/integrations".into(), None),
        (Method::GET, "/api/v1/webhooks".into(), None),
        (
            Method::POST,
            "/api/v1/webhooks".into(),
            Some(json!({"url": "https://hooks.example.com/", "events": ["contact.created"]})),
        ),
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
    let bravo = app.admin_token(&app.bravo).await;
    for (method, path, body) in routes_with_ids(Ids::of(&app.alpha)) {
        let r = app.api(method.clone(), &path, Some(&bravo), body).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "NOT_FOUND"),
            "{method} {path}"
        );
    }
    // Nothing was changed by the attempts.
    let alpha = app.agent_token(&app.alpha).await;
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
    let bravo = app.admin_token(&app.bravo).await;
    for (path, alpha_id) in [
        ("/api/v1/inboxes", app.alpha.inbox_id),
        ("/api/v1/contacts", app.alpha.contact_id),
        ("/api/v1/conversations", app.alpha.conversation_id),
        ("/api/v1/messages", app.alpha.message_id),
        ("/api/v1/custom-entity-records", app.alpha.record_id),
        ("/api/v1/integrations", app.alpha.integration_id),
        ("/api/v1/webhooks", app.alpha.webhook_id),
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
    let routes = every_route(Ids::of(&app.alpha));
    for (method, path, body) in routes {
        let r = app.api(method.clone(), &path, None, body).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
            "{method} {path}"
        );
    }
}

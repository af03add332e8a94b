//! Secrets an admin enters for an integration (headers, query values, a body marked secret):
//! sealed at rest, masked when read, sent as entered, and bound to the origin they were entered
//! for, so a changed destination must have them entered again.

use crate::outbound::redirecting_server;
use crate::support::{allowing_loopback, world};
use backend::ServiceError;
use backend::entities::integration as integration_entity;
use backend::services::channels::ChannelService;
use backend::services::integrations::IntegrationService;
use backend::services::integrations::testing::{self, TestSample, TestTarget};
use model::channel::DriverInput;
use model::integration::config::IntegrationInput;
use model::integration::view::RunStatus;
use sea_orm::EntityTrait;
use serde_json::json;

/// An integration input from JSON.
pub(crate) fn integration(value: serde_json::Value) -> IntegrationInput {
    serde_json::from_value(value).expect("integration input")
}

/// A kept secret is bound to the origin it was entered for. Sending the masked header
/// back with a URL on another server (PATCH `url` alone does exactly that) is refused, saved or
/// tested; on the same origin it is kept. A tested form's answer is never stored as sample data,
/// and a channel's secret does not follow a changed SMTP host.
#[tokio::test]
async fn a_kept_secret_is_refused_when_the_destination_changes() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "origin").await;
    let (home, _) = redirecting_server(None).await;
    let (elsewhere, elsewhere_seen) = redirecting_server(None).await;
    let created = IntegrationService::create(
        &app,
        &w.admin,
        integration(json!({
            "name": "CRM",
            "url": format!("{home}/customers"),
            "headers": [{"name": "Authorization", "value": "Bearer sk_live_0123456789"}],
        })),
    )
    .await
    .expect("create");
    let id = created.row.id;
    let masked = IntegrationService::view(&app, &w.admin, id)
        .await
        .expect("view")
        .into_input();
    assert!(masked.headers[0].value.starts_with("••••"));

    let moved = IntegrationInput {
        url: format!("{elsewhere}/customers"),
        ..masked.clone()
    };
    let saved = IntegrationService::update(&app, &w.admin, id, moved.clone()).await;
    let Err(ServiceError::Validation(errors)) = saved else {
        panic!("a secret followed a new URL: {saved:?}");
    };
    assert!(
        errors
            .0
            .get("headers.0.value")
            .is_some_and(|m| m.contains("another server")),
        "{errors:?}"
    );
    let tested = testing::test(
        &app,
        &w.admin,
        TestTarget::Form {
            id: Some(id),
            input: Box::new(moved),
        },
        TestSample::Values(Default::default()),
    )
    .await;
    assert!(
        matches!(tested, Err(ServiceError::Validation(_))),
        "{tested:?}"
    );
    assert!(
        elsewhere_seen.total() == 0,
        "nothing was sent to the new server"
    );

    // The same origin keeps it (another path, the default port spelled out).
    let (scheme_host, port) = home.rsplit_once(':').unwrap_or_default();
    let same = IntegrationInput {
        url: format!("{scheme_host}:{port}/v2/customers"),
        ..masked.clone()
    };
    let kept = IntegrationService::update(&app, &w.admin, id, same)
        .await
        .expect("same origin");
    assert_eq!(kept.headers[0].value, "Bearer sk_live_0123456789");

    // An unsaved form's answer is shown but never becomes the sample.
    let renamed = IntegrationInput {
        name: "Renamed, not saved".into(),
        ..IntegrationService::view(&app, &w.admin, id)
            .await
            .expect("view")
            .into_input()
    };
    let shown = testing::test(
        &app,
        &w.admin,
        TestTarget::Form {
            id: Some(id),
            input: Box::new(renamed),
        },
        TestSample::Values(Default::default()),
    )
    .await
    .expect("form test");
    assert_eq!(shown.status, RunStatus::Ok, "{shown:?}");
    let view = IntegrationService::view(&app, &w.admin, id)
        .await
        .expect("view");
    assert_eq!(
        view.sample_data, None,
        "an unsaved form's answer was stored"
    );

    // A channel's signing secret does not follow a new bridge URL.
    let channel = crate::support::email_channel(&t.db, &w).await;
    let bridge = |url: &str, secret: Option<&str>| -> DriverInput {
        serde_json::from_value(json!({
            "settings": {"driver": "webhook", "url": url},
            "secret": secret,
        }))
        .expect("driver input")
    };
    ChannelService::configure(
        &t.db,
        &app.secrets,
        &app.outbound,
        &w.admin,
        channel,
        bridge("http://127.0.0.1:9/bridge", Some("signing-secret-123")),
    )
    .await
    .expect("configure");
    let moved = ChannelService::configure(
        &t.db,
        &app.secrets,
        &app.outbound,
        &w.admin,
        channel,
        bridge("http://127.0.0.1:10/elsewhere", None),
    )
    .await;
    assert!(
        matches!(&moved, Err(ServiceError::Validation(e)) if e.0.contains_key("secret")),
        "{moved:?}"
    );
    t.finish().await;
}

/// Credential-like query values, in the query table or inline in the URL, are sealed at
/// rest, masked when read, and still sent as entered.
#[tokio::test]
async fn query_credentials_are_sealed_at_rest_and_masked_when_read() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "query").await;
    let (upstream, seen_by_upstream) = redirecting_server(None).await;
    let created = IntegrationService::create(
        &app,
        &w.admin,
        integration(json!({
            "name": "Billing",
            "url": format!("{upstream}/v1/customers?token=tok_inline_987654321"),
            "query_params": [{"name": "api_key", "value": "sk_query_123456789"},
                             {"name": "email", "value": "{{contact.email}}"}],
        })),
    )
    .await
    .expect("create");
    let row = integration_entity::Entity::find_by_id(created.row.id)
        .one(&t.db)
        .await
        .expect("query")
        .expect("row");
    let at_rest = format!("{} {} {:?}", row.url, row.query_params, row.headers);
    for secret in ["tok_inline_987654321", "sk_query_123456789"] {
        assert!(
            !at_rest.contains(secret),
            "{secret} stored in clear: {at_rest}"
        );
    }
    let view = IntegrationService::view(&app, &w.admin, created.row.id)
        .await
        .expect("view");
    let shown = serde_json::to_string(&view).unwrap_or_default();
    for secret in ["tok_inline_987654321", "sk_query_123456789"] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
    assert_eq!(view.query_params[1].value, "{{contact.email}}");

    // Saving the masked view back keeps both, and a run sends them as entered.
    let id = created.row.id;
    IntegrationService::update(&app, &w.admin, id, view.into_input())
        .await
        .expect("save unchanged");
    let outcome = testing::test(
        &app,
        &w.admin,
        TestTarget::Saved(id),
        TestSample::Values(
            [("contact.email".to_string(), json!("a@b.example"))]
                .into_iter()
                .collect(),
        ),
    )
    .await
    .expect("test");
    assert_eq!(outcome.status, RunStatus::Ok, "{outcome:?}");
    let shown_url = outcome.resolved_url.unwrap_or_default();
    assert!(
        !shown_url.contains("987654321") && !shown_url.contains("123456789"),
        "{shown_url}"
    );
    assert_eq!(seen_by_upstream.total(), 1);
}

/// A body marked secret is masked when read, kept when sent back masked to the same
/// origin, and must be entered again for another one.
#[tokio::test]
async fn a_body_marked_secret_is_masked_when_read_and_bound_to_its_origin() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "body").await;
    let (home, _) = redirecting_server(None).await;
    let (elsewhere, _) = redirecting_server(None).await;
    let body = r#"{"client_secret": "cs_live_0123456789", "email": "{{contact.email}}"}"#;
    let created = IntegrationService::create(
        &app,
        &w.admin,
        integration(json!({
            "name": "Token exchange",
            "method": "POST",
            "url": format!("{home}/oauth"),
            "body": body,
            "body_secret": true,
        })),
    )
    .await
    .expect("create");
    let view = IntegrationService::view(&app, &w.admin, created.row.id)
        .await
        .expect("view");
    assert!(view.body_secret);
    let shown = view.body.clone().unwrap_or_default();
    assert!(!shown.contains("cs_live"), "{shown}");
    let kept =
        IntegrationService::update(&app, &w.admin, created.row.id, view.clone().into_input())
            .await
            .expect("kept");
    assert_eq!(kept.body.as_deref(), Some(body));
    let moved = IntegrationService::update(
        &app,
        &w.admin,
        created.row.id,
        IntegrationInput {
            url: format!("{elsewhere}/oauth"),
            ..view.into_input()
        },
    )
    .await;
    assert!(
        matches!(&moved, Err(ServiceError::Validation(e)) if e.0.contains_key("body")),
        "{moved:?}"
    );
}

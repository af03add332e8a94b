//! Issue 17's trust items below the HTTP layer, one test per item (the HTTP ones are in the
//! server's `security` tests, the pure rules in `model`).

use crate::support::{PASSWORD, allowing_loopback, on_every_database, world};
use crate::webhooks::{Receiver, input, reference_only};
use backend::auth::{LoginLimiter, SESSION_MAX_DAYS, SessionService};
use backend::entities::{integration as integration_entity, session, team_member};
use backend::outbound::{Limits, OutboundRequest};
use backend::services::channels::ChannelService;
use backend::services::conversations::ConversationService;
use backend::services::integrations::IntegrationService;
use backend::services::integrations::testing::{self, TestSample, TestTarget};
use backend::services::teams::TeamService;
use backend::services::webhooks::{WebhookService, worker};
use backend::{AppState, ServiceError};
use chrono::Utc;
use model::channel::DriverInput;
use model::integration::config::IntegrationInput;
use model::integration::view::RunStatus;
use model::webhook::WebhookInput;
use model::{ConversationStatus, MessageType};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Item 1: internal notes stay in the team. Closing a conversation sends its transcript without
/// them, and a note is no `message.created`, unless the webhook opted in to internal notes.
#[tokio::test]
async fn internal_notes_reach_only_webhooks_that_opted_in() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "notes").await;
        let events = ["message.created", "conversation.transcript"];
        let (plain, plain_url) = Receiver::start(&[]).await;
        let (reader, reader_url) = Receiver::start(&[]).await;
        WebhookService::create(&app, &w.admin, input(&plain_url, &events))
            .await
            .expect("plain webhook");
        let opted_in = WebhookService::create(
            &app,
            &w.admin,
            WebhookInput {
                include_internal_notes: true,
                ..input(&reader_url, &events)
            },
        )
        .await
        .expect("note-reading webhook");
        assert!(opted_in.include_internal_notes);

        let secret = "Internal: refund approved, do not tell the customer yet";
        ConversationService::reply(&app, &w.agent, w.conversation_id, MessageType::Note, secret)
            .await
            .expect("note");
        ConversationService::set_status(
            &db,
            &w.agent,
            w.conversation_id,
            ConversationStatus::Closed,
        )
        .await
        .expect("close");
        worker::deliver_due(&app, &reference_only(), Utc::now())
            .await
            .expect("deliver");

        let bodies = |r: &Receiver| -> Vec<Value> {
            r.requests()
                .iter()
                .map(|(_, b)| serde_json::from_str(b).expect("json"))
                .collect()
        };
        let types = |bodies: &[Value]| -> Vec<String> {
            let mut t: Vec<String> = bodies
                .iter()
                .map(|b| b["type"].as_str().unwrap_or_default().to_string())
                .collect();
            t.sort();
            t
        };
        let plain_bodies = bodies(&plain);
        assert_eq!(types(&plain_bodies), ["conversation.transcript"]);
        let everything = serde_json::to_string(&plain_bodies).unwrap_or_default();
        assert!(!everything.contains("refund approved"), "{everything}");
        let transcript = &plain_bodies[0]["data"];
        assert!(
            transcript["messages"]
                .as_array()
                .is_some_and(|m| !m.is_empty() && m.iter().all(|m| m["type"] != "note")),
            "{transcript}"
        );

        let reader_bodies = bodies(&reader);
        assert_eq!(
            types(&reader_bodies),
            ["conversation.transcript", "message.created"]
        );
        let transcript = reader_bodies
            .iter()
            .find(|b| b["type"] == "conversation.transcript")
            .map(|b| b["data"].clone())
            .unwrap_or_default();
        assert!(
            transcript["textBody"]
                .as_str()
                .is_some_and(|t| t.contains("refund approved")),
            "{transcript}"
        );
    })
    .await;
}

/// Item 5: the attempt is reserved before the password is hashed, so 50 parallel wrong passwords
/// for one account reach Argon2 at most 5 times (the limit); the rest are refused unhashed.
#[tokio::test]
async fn fifty_parallel_wrong_passwords_reach_argon2_at_most_five_times() {
    let t = crate::support::sqlite().await;
    world(&t.db, "flood").await;
    let app = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        5,
        1000,
        Duration::from_secs(900),
        4,
    ));
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..50u8 {
        let app = app.clone();
        attempts.spawn(async move {
            SessionService::login(
                &app,
                "admin@flood.example",
                "guess",
                IpAddr::from([198, 51, 100, i]),
                None,
            )
            .await
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(outcome) = attempts.join_next().await {
        match outcome.expect("task") {
            Err(ServiceError::BadCredentials) => checked += 1,
            Err(ServiceError::RateLimited { retry_after_secs }) if retry_after_secs > 0 => {
                refused += 1
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!((1..=5).contains(&checked), "{checked} reached Argon2");
    assert_eq!(checked + refused, 50);
    t.finish().await;
}

/// Item 5: an attacker who locks an account does not lock its owner out of a browser that signed
/// in before (its device cookie), and IPv6 addresses count by their /64.
#[tokio::test]
async fn a_locked_account_still_lets_its_owner_in_from_a_known_browser() {
    let t = crate::support::sqlite().await;
    world(&t.db, "device").await;
    let app = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        3,
        1000,
        Duration::from_secs(900),
        2,
    ));
    let email = "admin@device.example";
    let home = IpAddr::from([203, 0, 113, 10]);
    let known = SessionService::login(&app, email, PASSWORD, home, None)
        .await
        .expect("the owner signs in once")
        .device_cookie;
    for _ in 0..3 {
        let r = SessionService::login(&app, email, "guess", IpAddr::from([198, 51, 100, 1]), None)
            .await;
        assert!(matches!(r, Err(ServiceError::BadCredentials)), "{r:?}");
    }
    let stranger = SessionService::login(&app, email, PASSWORD, home, None).await;
    assert!(
        matches!(stranger, Err(ServiceError::RateLimited { .. })),
        "without the device cookie the account is locked: {stranger:?}"
    );
    let forged = SessionService::login(&app, email, PASSWORD, home, Some("v1.forged:AAAA")).await;
    assert!(matches!(forged, Err(ServiceError::RateLimited { .. })));
    let owner = SessionService::login(&app, email, PASSWORD, home, Some(&known)).await;
    assert!(owner.is_ok(), "the known browser gets in: {owner:?}");

    // One IPv6 subscriber (a /64) is one address for the per-address limit.
    let per_address = crate::support::state(&t.db).with_login_limiter(LoginLimiter::new(
        100,
        2,
        Duration::from_secs(900),
        2,
    ));
    for host in ["2001:db8:7:7::1", "2001:db8:7:7::2"] {
        let host: IpAddr = host.parse().expect("ipv6");
        let r = SessionService::login(&per_address, "x@device.example", "guess", host, None).await;
        assert!(matches!(r, Err(ServiceError::BadCredentials)), "{r:?}");
    }
    let third: IpAddr = "2001:db8:7:7:ffff::3".parse().expect("ipv6");
    let r = SessionService::login(&per_address, email, PASSWORD, third, None).await;
    assert!(matches!(r, Err(ServiceError::RateLimited { .. })), "{r:?}");
    t.finish().await;
}

/// Item 9: a session ends at its absolute lifetime however often it is used, when the user's
/// password changes, and when the user leaves the session's team.
#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime_on_password_change_and_on_leaving_the_team() {
    on_every_database(async |db| {
        let w = world(&db, "sessions").await;
        let app = crate::support::state(&db);
        let local = IpAddr::from([127, 0, 0, 1]);
        let open = async |email: &str| {
            SessionService::login(&app, email, PASSWORD, local, None)
                .await
                .expect("login")
                .session_token
        };

        // Used every hour, a session still ends SESSION_MAX_DAYS after it was opened.
        let token = open("admin@sessions.example").await;
        let row = session::Entity::find()
            .one(&db)
            .await
            .expect("query")
            .expect("session");
        let mut old: session::ActiveModel = row.into();
        let now = Utc::now();
        old.created_at =
            Set(now - chrono::Duration::days(SESSION_MAX_DAYS) - chrono::Duration::hours(1));
        old.last_seen_at = Set(now - chrono::Duration::minutes(5));
        old.expires_at = Set(now + chrono::Duration::days(20));
        old.update(&db).await.expect("age it");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));

        // A new password signs out everyone who knew the old one.
        let token = open("admin@sessions.example").await;
        assert!(SessionService::resolve(&db, &token).await.is_ok());
        TeamService::upsert_user(
            &db,
            "admin@sessions.example",
            "Admin",
            "a brand new passphrase",
        )
        .await
        .expect("new password");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));

        // Leaving the team ends the session in it, and its row.
        let token = open("agent@sessions.example").await;
        assert!(SessionService::resolve(&db, &token).await.is_ok());
        team_member::Entity::delete_many()
            .filter(team_member::Column::UserId.eq(w.agent.user_id))
            .exec(&db)
            .await
            .expect("remove");
        assert!(matches!(
            SessionService::resolve(&db, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
        let left = session::Entity::find()
            .filter(session::Column::UserId.eq(w.agent.user_id))
            .count(&db)
            .await
            .expect("count");
        assert_eq!(left, 0);
    })
    .await;
}

/// A loopback server that redirects `/start` to `target` and records the headers of every
/// request it gets.
async fn redirecting_server(
    target: Option<String>,
) -> (String, Arc<Mutex<Vec<axum::http::HeaderMap>>>) {
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;
    let seen: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap| {
        let record = record.clone();
        let target = target.clone();
        async move {
            if let Ok(mut s) = record.lock() {
                s.push(headers);
            }
            match target {
                Some(t) => (StatusCode::FOUND, [(header::LOCATION, t)], "").into_response(),
                None => (StatusCode::OK, "{}").into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://127.0.0.1:{port}"), seen)
}

/// Item 4: a redirect to the same host on another port is another origin, so the admin's
/// headers (tokens) do not follow it; and a redirect error shows no query credentials.
#[tokio::test]
async fn custom_headers_do_not_follow_a_redirect_to_another_port_and_errors_hide_queries() {
    let (other, other_seen) = redirecting_server(None).await;
    let (first, _) = redirecting_server(Some(format!("{other}/landing?api_key=leaked"))).await;
    let client = AppState::for_tests(&crate::support::sqlite().await.db)
        .allowing(&["127.0.0.1"])
        .outbound;
    let request = |url: String| OutboundRequest {
        method: reqwest::Method::GET,
        url,
        headers: vec![("Authorization".into(), "Bearer sk_live_secret".into())],
        body: None,
        body_secret: false,
    };
    let followed = client
        .send(
            request(format!("{first}/start?api_key=mine")),
            Limits::integration(10, true),
        )
        .await
        .expect("followed");
    assert_eq!(followed.status, 200);
    let heads = other_seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].get("authorization").is_none(),
        "the token followed the redirect to another port"
    );

    let refused = client
        .send(
            request(format!("{first}/start?api_key=mine")),
            Limits::integration(10, false),
        )
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.starts_with("API redirected to"), "{refused}");
    assert!(
        !refused.contains("api_key") && !refused.contains("leaked"),
        "{refused}"
    );
}

/// An integration input from JSON.
fn integration(value: serde_json::Value) -> IntegrationInput {
    serde_json::from_value(value).expect("integration input")
}

/// Item 2: a kept secret is bound to the origin it was entered for. Sending the masked header
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
        elsewhere_seen.lock().map(|s| s.is_empty()).unwrap_or(false),
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

/// Item 3: credential-like query values, in the query table or inline in the URL, are sealed at
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
    assert_eq!(seen_by_upstream.lock().map(|s| s.len()).unwrap_or(0), 1);
}

/// Item 7: manual refreshes (a card's ⟲, Refresh All) are charged to the member's budget; a
/// member who spent it gets a wait, not another round of calls, and opening a profile (cache) is
/// never charged.
#[tokio::test]
async fn manual_refreshes_are_limited_per_member() {
    use backend::services::integrations::budget::RefreshBudget;
    use backend::services::integrations::runner::{self, Refresh, RunRequest};
    use model::integration::RunTrigger;
    let t = crate::support::sqlite().await;
    let w = world(&t.db, "budget").await;
    let app = allowing_loopback(&t.db).with_refresh_budget(RefreshBudget::new(1, 2));
    let request = |refresh| RunRequest {
        contact_id: w.contact_id,
        conversation_id: Some(w.conversation_id),
        inbox_id: None,
        refresh,
        trigger: RunTrigger::Refresh,
    };
    for _ in 0..2 {
        runner::run_all(&app, &w.agent, request(Refresh::All))
            .await
            .expect("within the budget");
    }
    let spent = runner::run_all(&app, &w.agent, request(Refresh::All)).await;
    assert!(
        matches!(spent, Err(ServiceError::RateLimited { retry_after_secs }) if retry_after_secs >= 1),
        "{spent:?}"
    );
    runner::run_all(&app, &w.agent, request(Refresh::No))
        .await
        .expect("the cache is never charged");
    runner::run_all(&app, &w.admin, request(Refresh::All))
        .await
        .expect("another member has their own budget");
}

/// Item 7: a run whose viewer went away (the sheet, tab or connection closed) stops: the slow
/// call it was waiting for is abandoned, so nothing is logged for it.
#[tokio::test]
async fn a_run_stops_when_its_viewer_goes_away() {
    use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
    use backend::services::integrations::run_log;
    use backend::services::integrations::runner::{self, Refresh, RunRequest};
    use model::integration::RunTrigger;
    let t = crate::support::sqlite().await;
    let w = world(&t.db, "gone").await;
    let app = allowing_loopback(&t.db);
    let up = crate::support::upstream::Upstream::start().await;
    let slow = IntegrationService::create(
        &app,
        &w.admin,
        integration(json!({
            "name": "Slow CRM",
            "url": format!("{}/delay/1500/{{{{contact.email}}}}", up.base),
            "timeout_seconds": 5,
        })),
    )
    .await
    .expect("integration")
    .row
    .id;
    InboxLinkService::set_for_inbox(
        &t.db,
        &w.admin,
        w.inbox_id,
        &[InboxLink {
            integration_id: slow,
            enabled: true,
        }],
    )
    .await
    .expect("attach");
    let request = RunRequest {
        contact_id: w.contact_id,
        conversation_id: Some(w.conversation_id),
        inbox_id: None,
        refresh: Refresh::All,
        trigger: RunTrigger::Refresh,
    };
    let run = runner::start(&app, &w.agent, request).await.expect("start");
    assert_eq!(run.planned.len(), 1);
    drop(run);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let logged = run_log::entries(&t.db, &w.admin, slow).await.expect("log");
    assert!(
        logged.is_empty(),
        "the abandoned run finished anyway: {logged:?}"
    );

    // Kept open, the same run finishes and is logged.
    let mut run = runner::start(&app, &w.agent, request).await.expect("start");
    assert!(run.results.recv().await.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        run_log::entries(&t.db, &w.admin, slow)
            .await
            .expect("log")
            .len(),
        1
    );
}

/// Item 3: a body marked secret is masked when read, kept when sent back masked to the same
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

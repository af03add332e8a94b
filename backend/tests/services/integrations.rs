//! Contact integrations end to end below the HTTP layer: configuration with sealed secrets, inbox
//! attachments, the runner against a stub upstream on loopback (allowed as
//! CHATLANE_OUTBOUND_ALLOW would), its cache, the run log and admin tests.

use crate::integration_secrets::integration;
use crate::support::{World, allowing_loopback, attached, on_every_database, upstream, world};
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::services::integrations::testing::{self, TestSample, TestTarget};
use backend::services::integrations::{IntegrationService, run_log};
use backend::{AppState, ServiceError};
use model::integration::{IntegrationInput, IntegrationResult, RunStatus, RunTrigger};
use sea_orm::EntityTrait;
use serde_json::json;
use std::time::Duration;

fn input(name: &str, url: &str, cache_minutes: u32) -> IntegrationInput {
    serde_json::from_value(json!({
        "name": name,
        "url": url,
        "cache_minutes": cache_minutes,
        "timeout_seconds": 2,
    }))
    .expect("input")
}

fn for_contact(w: &World, refresh: Refresh) -> RunRequest {
    RunRequest {
        contact_id: w.contact_id,
        conversation_id: Some(w.conversation_id),
        inbox_id: None,
        refresh,
        trigger: RunTrigger::Profile,
    }
}

async fn run(app: &AppState, w: &World, refresh: Refresh) -> Vec<IntegrationResult> {
    runner::run_all(app, &w.agent, for_contact(w, refresh))
        .await
        .expect("run")
}

#[tokio::test]
async fn every_kind_of_answer_becomes_a_result_agents_can_read() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "alpha").await;
    let up = upstream::start().await;
    let b = up.base();
    let mut timeout = input("Slow", &format!("{b}/delay/3000"), 0);
    timeout.timeout_seconds = 1;
    let mut followed = input("Followed", &format!("{b}/redirect/customers/x"), 0);
    followed.follow_redirects = true;
    let mut metadata = input("Metadata", &format!("{b}/metadata"), 0);
    metadata.follow_redirects = true;
    attached(
        &app,
        &w,
        vec![
            input("CRM", &format!("{b}/customers/{{{{contact.email}}}}"), 0),
            input("Missing", &format!("{b}/missing"), 0),
            input("Boom", &format!("{b}/boom"), 0),
            timeout,
            input("Invalid", &format!("{b}/invalid"), 0),
            input("Big", &format!("{b}/big"), 0),
            input("Text", &format!("{b}/text"), 0),
            input("Redirect", &format!("{b}/redirect/customers/x"), 0),
            followed,
            metadata,
        ],
    )
    .await;
    let results = run(&app, &w, Refresh::No).await;
    let by_name = |n: &str| {
        results
            .iter()
            .find(|r| r.name == n)
            .unwrap_or_else(|| panic!("no result for {n}"))
    };
    let crm = by_name("CRM");
    assert_eq!(crm.status, RunStatus::Ok);
    assert_eq!(crm.http_status, Some(200));
    assert_eq!(
        crm.data.as_ref().map(|d| d["email"].clone()),
        Some(json!("carla@alpha.example"))
    );
    assert_eq!(crm.position, 0);
    assert!(!crm.from_cache);
    assert!(crm.fetched_at.is_some());
    let expect_error = |n: &str, message: &str, status: Option<u16>| {
        let r = by_name(n);
        assert_eq!(
            (r.status, r.error.as_deref(), r.http_status),
            (RunStatus::Error, Some(message), status),
            "{n}"
        );
        assert!(r.data.is_none(), "{n} has no data");
    };
    expect_error("Missing", "API returned 404: Customer not found", Some(404));
    expect_error("Boom", "API returned 500: database is down", Some(500));
    expect_error("Slow", "Timed out after 1 s", None);
    expect_error("Invalid", "The API's answer is not valid JSON", None);
    expect_error("Big", "Response larger than 1 MiB", None);
    let redirect = by_name("Redirect");
    assert_eq!(redirect.status, RunStatus::Error);
    assert!(
        redirect
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("API redirected to")),
        "{redirect:?}"
    );
    assert_eq!(by_name("Followed").status, RunStatus::Ok);
    expect_error("Metadata", "Blocked: the address is not public", None);
    let text = by_name("Text");
    assert_eq!(text.status, RunStatus::Ok);
    assert_eq!(
        text.data,
        Some(json!("VIP customer since 2019 <b>not bold</b>")),
        "plain text is data, kept as text (escaped when shown)"
    );
    assert_eq!(
        text.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    let positions: Vec<u32> = {
        let mut p: Vec<u32> = results.iter().map(|r| r.position).collect();
        p.sort_unstable();
        p
    };
    assert_eq!(positions, (0..10).collect::<Vec<u32>>());

    // No email: the lookup is skipped without a call.
    let before = up.total();
    let skipped = runner::run_all(
        &app,
        &w.agent,
        RunRequest {
            contact_id: w.contact_without_email_id,
            conversation_id: Some(w.conversation_without_email_id),
            ..for_contact(&w, Refresh::No)
        },
    )
    .await
    .expect("run");
    let crm = skipped.iter().find(|r| r.name == "CRM").expect("crm");
    assert_eq!(crm.status, RunStatus::Skipped);
    assert_eq!(crm.error.as_deref(), Some("No email for this contact yet"));
    assert_eq!(up.hits("customers/"), 0);
    assert_eq!(
        up.total() - before,
        10,
        "the nine others were called (the followed redirect twice)"
    );
    t.finish().await;
}

#[tokio::test]
async fn results_arrive_as_each_integration_finishes() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "alpha").await;
    let up = upstream::start().await;
    attached(
        &app,
        &w,
        [600, 50, 300]
            .iter()
            .map(|ms| input(&format!("{ms} ms"), &format!("{}/delay/{ms}", up.base()), 0))
            .collect(),
    )
    .await;
    let mut started = runner::start(&app, &w.agent, for_contact(&w, Refresh::No))
        .await
        .expect("start");
    let planned: Vec<&str> = started.planned.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(planned, ["600 ms", "50 ms", "300 ms"], "display order");
    let mut arrived = Vec::new();
    while let Some(r) = started.results.recv().await {
        arrived.push((r.name, r.position));
    }
    assert_eq!(
        arrived,
        [
            ("50 ms".to_string(), 1),
            ("300 ms".to_string(), 2),
            ("600 ms".to_string(), 0)
        ]
    );
    t.finish().await;
}

#[tokio::test]
async fn a_thousand_concurrent_runs_make_one_call_per_integration() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "alpha").await;
    let up = upstream::start().await;
    attached(
        &app,
        &w,
        vec![
            input("A", &format!("{}/delay/200", up.base()), 5),
            input(
                "B",
                &format!("{}/customers/{{{{contact.id}}}}", up.base()),
                5,
            ),
        ],
    )
    .await;
    let runs = (0..1000).map(|_| run(&app, &w, Refresh::No));
    let all = futures_util::future::join_all(runs).await;
    assert_eq!(up.hits("delay/200"), 1);
    assert_eq!(up.hits(&format!("customers/{}", w.contact_id)), 1);
    let fresh = all
        .iter()
        .flatten()
        .filter(|r| r.status == RunStatus::Ok && !r.from_cache)
        .count();
    assert_eq!(fresh, 2, "one caller per integration made the call");
    assert!(all.iter().flatten().all(|r| r.status == RunStatus::Ok));
    t.finish().await;
}

#[tokio::test]
async fn the_cache_is_per_team_per_version_and_refresh_replaces_it() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let a = world(&t.db, "alpha").await;
    let b = world(&t.db, "bravo").await;
    let up = upstream::start().await;
    let url = format!("{}/delay/1", up.base());
    let ids = attached(&app, &a, vec![input("Same", &url, 10)]).await;
    attached(&app, &b, vec![input("Same", &url, 10)]).await;

    run(&app, &a, Refresh::No).await;
    let cached = run(&app, &a, Refresh::No).await;
    assert!(cached[0].from_cache);
    assert_eq!(up.hits("delay/1"), 1);
    let other_team = run(&app, &b, Refresh::No).await;
    assert!(!other_team[0].from_cache, "teams never share an entry");
    assert_eq!(up.hits("delay/1"), 2);

    let refreshed = run(&app, &a, Refresh::One(ids[0])).await;
    assert!(!refreshed[0].from_cache);
    assert_eq!(up.hits("delay/1"), 3);
    let after = run(&app, &a, Refresh::No).await;
    assert!(after[0].from_cache);
    assert_eq!(
        after[0].fetched_at, refreshed[0].fetched_at,
        "the refresh replaced the entry"
    );

    let mut edited = input("Same, renamed", &url, 10);
    edited.description = "edited".into();
    IntegrationService::update(&app, &a.admin, ids[0], edited)
        .await
        .expect("edit");
    let fresh = run(&app, &a, Refresh::No).await;
    assert!(!fresh[0].from_cache, "an edit makes the next run fresh");
    assert_eq!(up.hits("delay/1"), 4);

    // Failed calls are not kept.
    let missing = attached(
        &app,
        &b,
        vec![input("Gone", &format!("{}/missing", up.base()), 10)],
    )
    .await;
    run(&app, &b, Refresh::No).await;
    run(&app, &b, Refresh::No).await;
    assert_eq!(
        up.hits("missing"),
        2,
        "integration {missing:?} was called twice"
    );
    t.finish().await;
}

#[tokio::test]
async fn secrets_are_sealed_masked_kept_and_never_in_logs_or_run_logs() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "alpha").await;
        let up = upstream::start().await;
        let secret = "Bearer sk_live_5up3r5ecret_9876";
        let mut i = input("Billing", &format!("{}/boom", up.base()), 0);
        i.method = model::integration::HttpMethod::Post;
        i.headers = vec![
            model::integration::HeaderEntry {
                name: "Authorization".into(),
                value: secret.into(),
                secret: false,
            },
            model::integration::HeaderEntry {
                name: "X-Team".into(),
                value: "{{inbox.name}}".into(),
                secret: false,
            },
        ];
        i.body = Some(r#"{"email": "{{contact.email}}", "pin": "4321-private"}"#.into());
        let created = IntegrationService::create(&app, &w.admin, i)
            .await
            .expect("create");
        let raw = backend::entities::integration::Entity::find_by_id(created.row.id)
            .one(&db)
            .await
            .expect("query")
            .expect("row");
        let raw_text = format!("{raw:?}");
        assert!(!raw_text.contains("sk_live"), "{raw_text}");
        assert!(!raw_text.contains("4321-private"));
        assert!(
            raw.sealed_secrets
                .as_deref()
                .is_some_and(|s| s.starts_with("v1."))
        );

        let view = IntegrationService::view(&app, &w.admin, created.row.id)
            .await
            .expect("view");
        assert_eq!(view.headers[0].value, "••••9876");
        assert!(
            view.headers[0].secret,
            "Authorization is flagged secret by itself"
        );
        assert_eq!(view.headers[1].value, "{{inbox.name}}");

        // Saving the form as read keeps the secret.
        let mut again = view.into_input();
        again.name = "Billing v2".into();
        let updated = IntegrationService::update(&app, &w.admin, created.row.id, again.clone())
            .await
            .expect("update");
        assert_eq!(updated.headers[0].value, secret);
        assert_eq!(updated.row.version, 2);
        again.headers[0].name = "X-Api-Key".into();
        let refused = IntegrationService::update(&app, &w.admin, created.row.id, again).await;
        assert!(
            matches!(&refused, Err(ServiceError::Validation(e)) if e.get("headers.0.value").is_some()),
            "a mask with nothing stored under that name: {refused:?}"
        );

        InboxLinkService::set_for_inbox(
            &db,
            &w.admin,
            w.inbox_id,
            &[InboxLink {
                integration_id: created.row.id,
                enabled: true,
            }],
        )
        .await
        .expect("attach");
        let results = run(&app, &w, Refresh::No).await;
        assert_eq!(
            results[0].error.as_deref(),
            Some("API returned 500: database is down")
        );
        let sent = up.requests();
        assert_eq!(
            sent.last().map(|r| r.header("authorization")).as_deref(),
            Some(secret),
            "the real value is sent"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let log = run_log::entries(&db, &w.admin, created.row.id)
            .await
            .expect("log");
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].user_name.as_deref(), Some("Ari Agent"));
        assert_eq!(log[0].contact_name.as_deref(), Some("Carla Client"));
        assert_eq!(log[0].status, RunStatus::Error);
        let everything = format!("{results:?} {log:?} {created:?} {updated:?}");
        assert!(!everything.contains("sk_live"), "{everything}");
        assert!(!everything.contains("secret internals"));
    })
    .await;
}

#[tokio::test]
async fn only_admins_configure_and_other_teams_see_nothing() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let a = world(&t.db, "alpha").await;
    let b = world(&t.db, "bravo").await;
    let bad = IntegrationService::create(&app, &a.agent, input("X", "https://a.example/", 0)).await;
    assert!(matches!(bad, Err(ServiceError::Forbidden(_))));
    let id = attached(&app, &a, vec![input("CRM", "https://crm.example.com/x", 0)]).await[0];
    assert!(matches!(
        IntegrationService::view(&app, &b.admin, id).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        IntegrationService::delete(&app, &b.admin, id).await,
        Err(ServiceError::NotFound)
    ));
    let foreign = InboxLinkService::set_for_inbox(
        &t.db,
        &b.admin,
        b.inbox_id,
        &[InboxLink {
            integration_id: id,
            enabled: true,
        }],
    )
    .await;
    assert!(
        matches!(&foreign, Err(ServiceError::Validation(e)) if e.get("integrations.0.integration_id").is_some()),
        "{foreign:?}"
    );
    assert!(
        run(&app, &b, Refresh::No).await.is_empty(),
        "bravo's inbox runs nothing of alpha's"
    );
    let other_contact = runner::run_all(
        &app,
        &b.agent,
        RunRequest {
            contact_id: a.contact_id,
            ..for_contact(&b, Refresh::No)
        },
    )
    .await;
    assert!(matches!(other_contact, Err(ServiceError::NotFound)));
    let summaries = IntegrationService::summaries(&app, &a.admin)
        .await
        .expect("list");
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        (summaries[0].host.as_str(), summaries[0].inbox_count),
        ("crm.example.com", 1)
    );
    let private =
        IntegrationService::create(&app, &a.admin, input("LAN", "http://10.0.0.5/x", 0)).await;
    assert!(
        matches!(&private, Err(ServiceError::Validation(e)) if e.get("url").is_some_and(|m| m.contains("CHATLANE_OUTBOUND_ALLOW"))),
        "{private:?}"
    );
    IntegrationService::delete(&app, &a.admin, id)
        .await
        .expect("delete");
    assert!(run(&app, &a, Refresh::No).await.is_empty());
    t.finish().await;
}

#[tokio::test]
async fn admins_test_forms_against_contacts_or_sample_values_and_keep_the_sample() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "alpha").await;
    let up = upstream::start().await;
    let url = format!(
        "{}/customers/{{{{contact.email}}}}?api_key=sk_test_abcdef123456",
        up.base()
    );
    let id = attached(&app, &w, vec![input("CRM", &url, 30)]).await[0];
    let outcome = testing::test(
        &app,
        &w.admin,
        TestTarget::Saved(id),
        TestSample::Contact {
            contact_id: w.contact_id,
            conversation_id: None,
        },
    )
    .await
    .expect("test");
    assert_eq!(outcome.status, RunStatus::Ok);
    assert_eq!(outcome.http_status, Some(200));
    assert_eq!(outcome.content_type.as_deref(), Some("application/json"));
    assert!(
        outcome
            .resolved_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/customers/carla%40alpha.example?api_key=••••3456")),
        "{outcome:?}"
    );
    assert!(
        outcome
            .body
            .as_deref()
            .is_some_and(|b| b.contains("\n  \"plan\": \"Premium\""))
    );
    let view = IntegrationService::view(&app, &w.admin, id)
        .await
        .expect("view");
    assert_eq!(
        view.sample_data.as_ref().map(|d| d["plan"].clone()),
        Some(json!("Premium"))
    );

    // Tests are never cached: a second test calls again.
    let mut values = std::collections::BTreeMap::new();
    values.insert("contact.email".to_string(), json!("sam@example.com"));
    let form = input(
        "Unsaved",
        &format!("{}/customers/{{{{contact.email}}}}", up.base()),
        30,
    );
    for _ in 0..2 {
        let o = testing::test(
            &app,
            &w.admin,
            TestTarget::Form {
                id: None,
                input: Box::new(form.clone()),
            },
            TestSample::Values(values.clone()),
        )
        .await
        .expect("form test");
        assert_eq!(o.status, RunStatus::Ok);
    }
    assert_eq!(up.hits("customers/sam@example.com"), 2);
    let failing = testing::test(
        &app,
        &w.admin,
        TestTarget::Form {
            id: None,
            input: Box::new(input("Missing", &format!("{}/missing", up.base()), 0)),
        },
        TestSample::Values(values),
    )
    .await
    .expect("failing test");
    assert_eq!(
        failing.error.as_deref(),
        Some("API returned 404: Customer not found")
    );
    assert_eq!(failing.body, None, "a failed call's body is not shown");
    let agent = testing::test(
        &app,
        &w.agent,
        TestTarget::Saved(id),
        TestSample::Values(Default::default()),
    )
    .await;
    assert!(matches!(agent, Err(ServiceError::Forbidden(_))));
    t.finish().await;
}

#[tokio::test]
async fn the_run_log_keeps_the_last_fifty_runs() {
    let t = crate::support::sqlite().await;
    let w = world(&t.db, "alpha").await;
    let app = allowing_loopback(&t.db);
    let id = attached(&app, &w, vec![input("CRM", "https://crm.example.com/x", 0)]).await[0];
    let run = |k: u64| run_log::RunRecord {
        team_id: w.admin.team_id,
        integration_id: id,
        contact_id: Some(w.contact_id),
        user_id: Some(w.agent.user_id),
        trigger: RunTrigger::Profile,
        status: RunStatus::Ok,
        http_status: Some(200),
        duration_ms: k,
        error: None,
        failure: None,
    };
    // One at a time, then a batch as the writer task sends them.
    for k in 0..30u64 {
        run_log::record(&t.db, vec![run(k)]).await.expect("record");
    }
    run_log::record(&t.db, (30..60u64).map(run).collect())
        .await
        .expect("record a batch");
    let log = run_log::entries(&t.db, &w.admin, id).await.expect("log");
    assert_eq!(log.len(), 50);
    assert_eq!(log[0].duration_ms, 59, "newest first");
    assert_eq!(log[49].duration_ms, 10);
    assert!(matches!(
        run_log::entries(&t.db, &w.agent, id).await,
        Err(ServiceError::Forbidden(_))
    ));
    t.finish().await;
}

/// Log output written while a test runs on this thread.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn secrets_never_reach_the_logs_even_at_debug_level() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "alpha").await;
    let up = upstream::start().await;
    let mut i = input("Billing", &format!("{}/boom", up.base()), 0);
    i.headers = vec![model::integration::HeaderEntry {
        name: "X-Api-Key".into(),
        value: "logged-never-7a7a7a7a".into(),
        secret: false,
    }];
    attached(&app, &w, vec![i]).await;
    let results = run(&app, &w, Refresh::No).await;
    assert_eq!(results[0].status, RunStatus::Error);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let text = captured
        .0
        .lock()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(!text.is_empty(), "the subscriber captured the run's logs");
    assert!(!text.contains("logged-never"), "{text}");
    t.finish().await;
}

/// Manual refreshes (a card's ⟲, Refresh All) are charged to the member's budget; a
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

/// A run whose viewer went away (the sheet, tab or connection closed) stops: the slow
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
    let up = crate::support::upstream::start().await;
    let slow = IntegrationService::create(
        &app,
        &w.admin,
        integration(json!({
            "name": "Slow CRM",
            "url": format!("{}/delay/1500/{{{{contact.email}}}}", up.base()),
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

/// The email rule in every slot: integrations that use `{{contact.email}}` only in a header, the
/// query table or the body (not the URL) are skipped for a contact without an email, without a
/// call, and run once the email is known; attribute keys with spaces and the alias reach the
/// request, filtered.
#[tokio::test]
async fn the_email_rule_gates_every_slot_and_any_attribute_key_reaches_the_request() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "alpha").await;
        let up = upstream::start().await;
        let b = up.base();
        let mut header = input("Header", &format!("{b}/customers/h"), 0);
        header.headers.push(model::integration::HeaderEntry {
            name: "X-Email".into(),
            value: "{{contact.email | lower}}".into(),
            secret: false,
        });
        let mut query = input("Query", &format!("{b}/customers/q"), 0);
        query.query_params.push(model::integration::QueryParam {
            name: "company".into(),
            value: r#"{{contact.custom_attributes["Company Name"] | upper}}"#.into(),
        });
        query.query_params.push(model::integration::QueryParam {
            name: "email".into(),
            value: "{{contact.email}}".into(),
        });
        let mut body = input("Body", &format!("{b}/customers/b"), 0);
        body.method = model::integration::HttpMethod::Post;
        body.body = Some(r#"{"who": "{{contact.email}}"}"#.into());
        attached(&app, &w, vec![header, query, body]).await;

        let no_email = RunRequest {
            contact_id: w.contact_without_email_id,
            conversation_id: Some(w.conversation_without_email_id),
            ..for_contact(&w, Refresh::No)
        };
        let skipped = runner::run_all(&app, &w.agent, no_email)
            .await
            .expect("run");
        assert_eq!(skipped.len(), 3);
        for r in &skipped {
            assert_eq!(r.status, RunStatus::Skipped, "{}", r.name);
            assert_eq!(
                r.error.as_deref(),
                Some("No email for this contact yet"),
                "{}",
                r.name
            );
        }
        assert_eq!(up.total(), 0, "no call was made");

        let mut attributes = serde_json::Map::new();
        attributes.insert("Company Name".into(), json!("Acme & Co"));
        backend::services::contacts::ContactService::update(
            &app,
            &w.admin,
            w.contact_without_email_id,
            backend::services::contacts::ContactChanges {
                email: Some("Late@Example.com".into()),
                custom_attributes: Some(attributes),
                ..Default::default()
            },
        )
        .await
        .expect("the email becomes known");
        // The editor offers the attribute keys the team's contacts have.
        let editor = IntegrationService::editor(&app, &w.admin, None)
            .await
            .expect("editor");
        assert!(
            editor.attribute_keys.iter().any(|k| k == "Company Name"),
            "{:?}",
            editor.attribute_keys
        );
        let ran = runner::run_all(&app, &w.agent, no_email)
            .await
            .expect("run");
        assert!(ran.iter().all(|r| r.status == RunStatus::Ok), "{ran:?}");
        let requests = up.requests();
        let sent_header = requests
            .iter()
            .find(|r| r.route() == "customers/h")
            .map(|r| r.header("x-email"));
        assert_eq!(sent_header.as_deref(), Some("late@example.com"));
        let sent_query = requests
            .iter()
            .find(|r| r.route() == "customers/q")
            .map(|r| r.path.clone())
            .unwrap_or_default();
        assert!(
            sent_query.ends_with("?company=ACME%20%26%20CO&email=late%40example.com"),
            "{sent_query}"
        );
    })
    .await;
}

/// Sheets reuse an inbox's opened integrations while nothing about them changed; any change —
/// made on another replica, to the integration or to the inbox's attachments — shows on the very
/// next sheet (the database's generation, read with the contact, says the kept plan is stale).
#[tokio::test]
async fn the_next_sheet_shows_any_change_to_the_inboxs_integrations_made_on_another_replica() {
    on_every_database(async |db| {
        let w = world(&db, "plans").await;
        let (editor, viewer) = (allowing_loopback(&db), allowing_loopback(&db));
        let planned = async || -> Vec<String> {
            runner::start(&viewer, &w.agent, for_contact(&w, Refresh::No))
                .await
                .expect("start")
                .planned
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        let url = "https://crm.example.com/customers/{{contact.email}}";
        let first = attached(&editor, &w, vec![input("First", url, 0)]).await[0];
        assert_eq!(planned().await, ["First"]);
        assert_eq!(planned().await, ["First"], "kept, and still right");

        // Renamed on the other replica.
        IntegrationService::update(&editor, &w.admin, first, input("First, renamed", url, 0))
            .await
            .expect("update");
        assert_eq!(planned().await, ["First, renamed"]);

        // Another integration attached in its place.
        let second = attached(&editor, &w, vec![input("Second", url, 0)]).await[0];
        assert_eq!(planned().await, ["Second"]);

        // Switched off.
        IntegrationService::set_active(&editor, &w.admin, second, false)
            .await
            .expect("off");
        assert!(planned().await.is_empty());
    })
    .await;
}

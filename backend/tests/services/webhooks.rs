//! Outgoing webhooks below the HTTP layer: configuration with a sealed secret, the outbox written
//! in the change's transaction, and the worker against a scripted receiver on loopback (signing,
//! retries on a controlled clock, Retry-After, 410, the 5-day rule, leases, rotation).

use crate::support::{allowing_loopback, on_every_database, state, world};
use axum::http::HeaderMap;
use backend::entities::webhook_delivery;
use backend::outbound::signing;
use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::ConversationService;
use backend::services::webhooks::deliveries::DeliveryLog;
use backend::services::webhooks::payload::{ReferenceOnly, Renderer};
use backend::services::webhooks::worker::{self, LEASE};
use backend::services::webhooks::{WebhookChange, WebhookService, outbox};
use backend::test_support::event_about;
use backend::test_support::stub::{Reply, Stub};
use backend::{AppState, DatabaseConnection, ServiceError};
use chrono::{DateTime, Duration, Utc};
use model::webhook::{EventType, WebhookInput};
use model::{ConversationStatus, MessageType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::{Value, json};
use std::sync::Arc;

/// A webhook receiver on the scripted stub: it answers from a script of (status, Retry-After)
/// and then 200, keeping every request it got.
#[derive(Clone)]
pub(crate) struct Receiver(Stub);

impl Receiver {
    /// Starts one; returns it and its `/hook` URL.
    pub(crate) async fn start(script: &[(u16, Option<&'static str>)]) -> (Self, String) {
        let replies = script
            .iter()
            .map(|&(status, retry_after)| match retry_after {
                Some(v) => Reply::text(status, "slow down").retry_after(v),
                None => Reply::json(status, r#"{"ok": true}"#),
            });
        let stub = Stub::scripted(replies.collect::<Vec<_>>(), |_| Reply::ok()).await;
        let url = stub.url("/hook");
        (Receiver(stub), url)
    }

    /// The headers and body of every request, in order.
    pub(crate) fn requests(&self) -> Vec<(HeaderMap, String)> {
        self.0
            .requests()
            .into_iter()
            .map(|r| {
                let body = r.text();
                (r.headers, body)
            })
            .collect()
    }
}

fn header_of(h: &HeaderMap, name: &str) -> String {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Whether `headers` carry a Standard Webhooks signature of `body` by `secret`.
fn verifies(headers: &HeaderMap, body: &str, secret: &str) -> bool {
    let id = header_of(headers, "webhook-id");
    let ts: i64 = header_of(headers, "webhook-timestamp").parse().unwrap_or(0);
    let expected = signing::signature(secret, &id, ts, body.as_bytes());
    header_of(headers, "webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

pub(crate) fn reference_only() -> Renderer {
    Arc::new(ReferenceOnly)
}

pub(crate) fn input(url: &str, events: &[&str]) -> WebhookInput {
    WebhookInput {
        url: url.into(),
        description: "CRM".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        is_active: true,
        include_internal_notes: false,
        payload_format: String::new(),
    }
}

async fn deliveries(db: &DatabaseConnection) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find()
        .all(db)
        .await
        .expect("deliveries")
}

async fn enqueue_committed(app: &AppState, team_id: i64, event: EventType) {
    let txn = app.db.begin().await.expect("begin");
    outbox::enqueue(&txn, team_id, &event_about(event, 1))
        .await
        .expect("enqueue");
    txn.commit().await.expect("commit");
}

#[tokio::test]
async fn a_webhook_is_created_with_a_secret_shown_once_and_sealed_at_rest() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "hooks").await;
        let created = WebhookService::create(
            &app,
            &w.admin,
            input("http://127.0.0.1:9/hook", &["conversation.closed"]),
        )
        .await
        .expect("create");
        let secret = created.secret.clone().expect("secret in the create answer");
        assert!(secret.starts_with("whsec_") && secret.len() >= 6 + 32);
        assert_eq!(created.events, ["conversation.closed"]);
        let row = WebhookService::find(&app, &w.admin, created.id)
            .await
            .expect("find");
        assert!(!row.sealed_secret.contains(&secret[6..]));
        assert_eq!(backend::services::webhooks::view(&row, None).expect("view").secret, None);

        // Bad input and private destinations are refused by field; agents may not.
        let bad = WebhookService::create(
            &app,
            &w.admin,
            input("http://10.0.0.1/x", &["contact.created"]),
        )
        .await;
        assert!(
            matches!(&bad, Err(ServiceError::Validation(e)) if e.get("url").is_some_and(|m| m.contains("not public"))),
            "{bad:?}"
        );
        let strict = state(&db);
        let local = WebhookService::create(
            &strict,
            &w.admin,
            input("http://127.0.0.1:9/hook", &["contact.created"]),
        )
        .await;
        assert!(
            matches!(&local, Err(ServiceError::Validation(e)) if e.get("url").is_some()),
            "{local:?}"
        );
        let unknown = WebhookService::create(
            &app,
            &w.admin,
            input("http://127.0.0.1:9/hook", &["contact.deleted"]),
        )
        .await;
        assert!(
            matches!(&unknown, Err(ServiceError::Validation(e)) if e.get("events").is_some())
        );
        assert!(matches!(
            WebhookService::create(
                &app,
                &w.agent,
                input("http://127.0.0.1:9/hook", &["contact.created"])
            )
            .await,
            Err(ServiceError::Forbidden(_))
        ));

        // Another team sees nothing of it.
        let other = world(&db, "other").await;
        assert!(matches!(
            WebhookService::find(&app, &other.admin, created.id).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            WebhookService::delete(&app, &other.admin, created.id).await,
            Err(ServiceError::NotFound)
        ));
        // "Send to webhook": any member of the team, for the team's conversation only.
        assert!(matches!(
            DeliveryLog::send_transcript(&app, &other.admin, created.id, w.conversation_id)
                .await,
            Err(ServiceError::NotFound)
        ));
        assert!(
            DeliveryLog::targets(&app, &other.agent)
                .await
                .expect("targets")
                .is_empty()
        );
        let targets = DeliveryLog::targets(&app, &w.agent).await.expect("targets");
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].label, "CRM");
        let queued =
            DeliveryLog::send_transcript(&app, &w.agent, created.id, w.conversation_id)
                .await
                .expect("queued");
        assert_eq!(queued.event, "conversation.transcript");
        let changed = WebhookService::update(
            &app,
            &w.admin,
            created.id,
            WebhookChange {
                events: Some(vec!["contact.created".into(), "contact.updated".into()]),
                ..Default::default()
            },
        )
        .await
        .expect("update");
        assert_eq!(changed.events, ["contact.created", "contact.updated"]);
        assert_eq!(changed.url, "http://127.0.0.1:9/hook");
    })
    .await;
}

#[tokio::test]
async fn events_are_written_with_the_change_or_not_at_all() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "outbox").await;
    let closed = WebhookService::create(
        &app,
        &w.admin,
        input("http://127.0.0.1:9/a", &["conversation.closed"]),
    )
    .await
    .expect("a");
    WebhookService::create(
        &app,
        &w.admin,
        input("http://127.0.0.1:9/b", &["contact.created"]),
    )
    .await
    .expect("b");
    let off = WebhookService::create(
        &app,
        &w.admin,
        WebhookInput {
            is_active: false,
            ..input("http://127.0.0.1:9/c", &["conversation.closed"])
        },
    )
    .await
    .expect("c");

    let txn = t.db.begin().await.expect("begin");
    outbox::enqueue(
        &txn,
        w.admin.team_id,
        &event_about(EventType::ConversationClosed, 7),
    )
    .await
    .expect("enqueue");
    txn.rollback().await.expect("rollback");
    assert!(
        deliveries(&t.db).await.is_empty(),
        "a rolled-back change sends nothing"
    );

    enqueue_committed(&app, w.admin.team_id, EventType::ConversationClosed).await;
    let queued = deliveries(&t.db).await;
    assert_eq!(queued.len(), 1, "only the active webhook subscribed to it");
    assert_eq!(queued[0].webhook_id, closed.id);
    assert_ne!(queued[0].webhook_id, off.id);
    let reference = queued[0]
        .reference
        .clone()
        .expect("a reference until the first attempt");
    assert_eq!(reference["type"], "conversation.closed");
    assert_eq!(reference["data"], json!({"id": 1}));
    assert!(
        reference["timestamp"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    t.finish().await;
}

#[tokio::test]
async fn deliveries_are_signed_and_retried_on_schedule_with_a_stable_id() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "retry").await;
    let (receiver, url) = Receiver::start(&[(500, None), (302, None)]).await;
    let hook = WebhookService::create(&app, &w.admin, input(&url, &["contact.created"]))
        .await
        .expect("create");
    let secret = hook.secret.clone().expect("secret");
    enqueue_committed(&app, w.admin.team_id, EventType::ContactCreated).await;

    let t0: DateTime<Utc> = Utc::now();
    assert_eq!(
        worker::deliver_due(&app, &reference_only(), t0)
            .await
            .expect("round"),
        1
    );
    let d = deliveries(&t.db).await.remove(0);
    assert_eq!(
        (d.status.as_str(), d.attempts, d.last_status),
        ("pending", 1, Some(500))
    );
    let wait = (d.next_attempt_at - t0).num_milliseconds();
    assert!(
        (4_500..=5_500).contains(&wait),
        "first retry after 5 s ± 10 %: {wait} ms"
    );
    // Not due yet: nothing is sent.
    assert_eq!(
        worker::deliver_due(&app, &reference_only(), t0 + Duration::seconds(1))
            .await
            .expect("round"),
        0
    );
    // A redirect is a failure too (not followed); the next wait is 5 min.
    let t1 = t0 + Duration::seconds(6);
    assert_eq!(
        worker::deliver_due(&app, &reference_only(), t1)
            .await
            .expect("round"),
        1
    );
    let d = deliveries(&t.db).await.remove(0);
    assert_eq!((d.status.as_str(), d.attempts), ("pending", 2));
    assert!(
        d.last_error
            .as_deref()
            .is_some_and(|e| e.contains("redirected")),
        "{:?}",
        d.last_error
    );
    let wait = (d.next_attempt_at - t1).num_seconds();
    assert!((270..=330).contains(&wait), "{wait} s");
    let t2 = t1 + Duration::minutes(6);
    assert_eq!(
        worker::deliver_due(&app, &reference_only(), t2)
            .await
            .expect("round"),
        1
    );
    let d = deliveries(&t.db).await.remove(0);
    assert_eq!(
        (d.status.as_str(), d.attempts, d.last_status),
        ("succeeded", 3, Some(200))
    );

    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    let ids: Vec<String> = got
        .iter()
        .map(|(h, _)| header_of(h, "webhook-id"))
        .collect();
    assert!(
        ids.iter()
            .all(|id| id == &d.message_id && id.starts_with("msg_"))
    );
    let stamps: Vec<String> = got
        .iter()
        .map(|(h, _)| header_of(h, "webhook-timestamp"))
        .collect();
    assert_eq!(stamps, [t0, t1, t2].map(|t| t.timestamp().to_string()));
    for (headers, body) in &got {
        assert!(verifies(headers, body, &secret), "every attempt verifies");
        assert_eq!(body, &d.body, "the same bytes every time");
    }
    let row = WebhookService::find(&app, &w.admin, hook.id)
        .await
        .expect("find");
    assert_eq!((row.last_success_at, row.failing_since), (Some(t2), None));
    t.finish().await;
}

#[tokio::test]
async fn gone_disables_at_once_and_retry_after_is_honoured() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "gone").await;
    let (_slow, slow_url) = Receiver::start(&[(429, Some("120"))]).await;
    let (_gone, gone_url) = Receiver::start(&[(410, None)]).await;
    let slow = WebhookService::create(&app, &w.admin, input(&slow_url, &["message.created"]))
        .await
        .expect("slow");
    let gone = WebhookService::create(&app, &w.admin, input(&gone_url, &["message.created"]))
        .await
        .expect("gone");
    enqueue_committed(&app, w.admin.team_id, EventType::MessageCreated).await;
    let now = Utc::now();
    assert_eq!(
        worker::deliver_due(&app, &reference_only(), now)
            .await
            .expect("round"),
        2
    );
    for d in deliveries(&t.db).await {
        if d.webhook_id == slow.id {
            assert_eq!(d.status, "pending");
            assert_eq!(
                (d.next_attempt_at - now).num_seconds(),
                120,
                "Retry-After beats the 5 s wait"
            );
        } else {
            assert_eq!((d.status.as_str(), d.last_status), ("failed", Some(410)));
        }
    }
    let row = WebhookService::find(&app, &w.admin, gone.id)
        .await
        .expect("find");
    assert!(!row.is_active);
    assert!(
        row.disabled_reason
            .as_deref()
            .is_some_and(|r| r.contains("410"))
    );
    // Switching it on again clears the reason.
    let back = WebhookService::update(
        &app,
        &w.admin,
        gone.id,
        WebhookChange {
            is_active: Some(true),
            ..Default::default()
        },
    )
    .await
    .expect("on");
    assert!(back.is_active && back.disabled_reason.is_none());
    t.finish().await;
}

#[tokio::test]
async fn five_days_of_failures_switch_a_webhook_off() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "fivedays").await;
    let (_r, url) = Receiver::start(&[(500, None), (500, None), (500, None)]).await;
    let hook = WebhookService::create(&app, &w.admin, input(&url, &["contact.updated"]))
        .await
        .expect("create");
    enqueue_committed(&app, w.admin.team_id, EventType::ContactUpdated).await;
    let t0 = Utc::now();
    worker::deliver_due(&app, &reference_only(), t0)
        .await
        .expect("first");
    let after_four_days = t0 + Duration::days(4);
    worker::deliver_due(&app, &reference_only(), after_four_days)
        .await
        .expect("second");
    assert!(
        WebhookService::find(&app, &w.admin, hook.id)
            .await
            .expect("find")
            .is_active
    );
    worker::deliver_due(
        &app,
        &reference_only(),
        t0 + Duration::days(5) + Duration::minutes(1),
    )
    .await
    .expect("third");
    let row = WebhookService::find(&app, &w.admin, hook.id)
        .await
        .expect("find");
    assert!(!row.is_active);
    assert!(
        row.disabled_reason
            .as_deref()
            .is_some_and(|r| r.contains("no successful delivery")),
        "{:?}",
        row.disabled_reason
    );
    assert_eq!(deliveries(&t.db).await[0].status, "failed");
    t.finish().await;
}

#[tokio::test]
async fn a_lease_keeps_a_delivery_to_one_worker_until_it_expires() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "lease").await;
    WebhookService::create(
        &app,
        &w.admin,
        input("http://127.0.0.1:9/x", &["contact.created"]),
    )
    .await
    .expect("create");
    enqueue_committed(&app, w.admin.team_id, EventType::ContactCreated).await;
    let now = Utc::now();
    let ids = |claimed: Vec<webhook_delivery::Model>| {
        claimed.into_iter().map(|d| d.id).collect::<Vec<_>>()
    };
    let first = ids(worker::claim_due(&app, now, 10).await.expect("claim"));
    assert_eq!(first.len(), 1);
    assert!(
        worker::claim_due(&app, now + Duration::seconds(1), 10)
            .await
            .expect("claim")
            .is_empty()
    );
    // The worker died: after its lease, another takes the delivery.
    let again = ids(
        worker::claim_due(&app, now + LEASE + Duration::seconds(1), 10)
            .await
            .expect("claim"),
    );
    assert_eq!(again, first);
    t.finish().await;
}

#[tokio::test]
async fn during_a_rotation_both_secrets_sign() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "rotate").await;
    let (receiver, url) = Receiver::start(&[]).await;
    let hook = WebhookService::create(&app, &w.admin, input(&url, &["contact.created"]))
        .await
        .expect("create");
    let old = hook.secret.clone().expect("old");
    let rotated = WebhookService::rotate_secret(&app, &w.admin, hook.id)
        .await
        .expect("rotate");
    let new = rotated.secret.clone().expect("new");
    assert_ne!(old, new);
    enqueue_committed(&app, w.admin.team_id, EventType::ContactCreated).await;
    worker::deliver_due(&app, &reference_only(), Utc::now())
        .await
        .expect("round");
    let (headers, body) = receiver.requests().remove(0);
    assert!(verifies(&headers, &body, &old) && verifies(&headers, &body, &new));
    assert_eq!(
        header_of(&headers, "webhook-signature").split(' ').count(),
        2
    );
    // After the window only the new one signs.
    enqueue_committed(&app, w.admin.team_id, EventType::ContactCreated).await;
    worker::deliver_due(&app, &reference_only(), Utc::now() + Duration::hours(25))
        .await
        .expect("round");
    let (headers, body) = receiver.requests().remove(1);
    assert!(verifies(&headers, &body, &new) && !verifies(&headers, &body, &old));
    t.finish().await;
}

#[tokio::test]
async fn on_postgres_two_workers_drain_a_thousand_deliveries_without_sharing_one() {
    let Some(t) = crate::support::postgres().await else {
        return;
    };
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "drain").await;
    let hook = WebhookService::create(
        &app,
        &w.admin,
        input("http://127.0.0.1:9/x", &["contact.created"]),
    )
    .await
    .expect("create");
    let now = Utc::now();
    for i in 0..1000 {
        outbox::insert(
            &t.db,
            w.admin.team_id,
            hook.id,
            "contact.created",
            outbox::Content::Body(format!("{{\"n\": {i}}}")),
            now,
        )
        .await
        .expect("insert");
    }
    let claimer = |app: AppState| async move {
        let mut mine = Vec::new();
        loop {
            let batch = worker::claim_due(&app, now, 7).await.expect("claim");
            if batch.is_empty() {
                return mine;
            }
            mine.extend(batch.into_iter().map(|d| d.id));
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(claimer(app.clone())),
        tokio::spawn(claimer(app.clone()))
    );
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert!(
        !a.is_empty() && !b.is_empty(),
        "both workers took part: {} and {}",
        a.len(),
        b.len()
    );
    let mut all: Vec<i64> = a.iter().chain(b.iter()).copied().collect();
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(
        (before, all.len()),
        (1000, 1000),
        "every delivery claimed exactly once"
    );
    let held = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::LeaseUntil.is_not_null())
        .all(&t.db)
        .await
        .expect("rows");
    assert_eq!(held.len(), 1000);
    t.finish().await;
}

#[tokio::test]
async fn closing_a_conversation_sends_its_transcript_with_the_messages() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "transcript").await;
        let (receiver, url) = Receiver::start(&[]).await;
        WebhookService::create(
            &app,
            &w.admin,
            input(
                &url,
                &[
                    "conversation.status_changed",
                    "conversation.closed",
                    "conversation.transcript",
                    "contact.created",
                ],
            ),
        )
        .await
        .expect("create");
        ConversationService::set_status(
            &db,
            &w.agent,
            w.conversation_id,
            ConversationStatus::Closed,
        )
        .await
        .expect("close");
        // The same status again is no change, and no news.
        ConversationService::set_status(
            &db,
            &w.agent,
            w.conversation_id,
            ConversationStatus::Closed,
        )
        .await
        .expect("close again");
        let mut events: Vec<String> = deliveries(&db)
            .await
            .into_iter()
            .map(|d| d.event_type)
            .collect();
        events.sort();
        assert_eq!(
            events,
            [
                "conversation.closed",
                "conversation.status_changed",
                "conversation.transcript"
            ]
        );

        // A refused change writes no event.
        let duplicate = NewContact {
            name: "Copy".into(),
            email: "copy@transcript.example".into(),
            phone: String::new(),
            custom_attributes: Default::default(),
            visitor: Default::default(),
        };
        ContactService::create(&state(&db), w.admin.team_id, duplicate.clone())
            .await
            .expect("first");
        assert!(
            ContactService::create(&state(&db), w.admin.team_id, duplicate)
                .await
                .is_err()
        );
        assert_eq!(deliveries(&db).await.len(), 4);

        assert_eq!(
            worker::deliver_due(&app, &reference_only(), Utc::now())
                .await
                .expect("round"),
            4
        );
        let bodies: Vec<serde_json::Value> = receiver
            .requests()
            .iter()
            .map(|(_, b)| serde_json::from_str(b).expect("json"))
            .collect();
        let transcript = bodies
            .iter()
            .find(|b| b["type"] == "conversation.transcript")
            .map(|b| b["data"].clone())
            .expect("a transcript");
        assert_eq!(transcript["conversationId"], w.conversation_id);
        assert_eq!(transcript["status"], "closed");
        assert!(
            transcript["endedAt"]
                .as_str()
                .is_some_and(|t| t.ends_with('Z'))
        );
        let messages = transcript["messages"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(messages.len(), 3);
        assert!(messages.iter().any(|m| m["isVisitorMsg"] == true));
        let first = messages[0]["text"].as_str().unwrap_or_default().to_string();
        assert!(
            transcript["textBody"]
                .as_str()
                .is_some_and(|t| t.contains(&first))
        );
        assert!(
            transcript["htmlBody"]
                .as_str()
                .is_some_and(|h| h.starts_with("<html>"))
        );
        assert!(
            transcript["replyToEmail"]
                .as_str()
                .is_some_and(|e| e.contains('@'))
        );
        let changed = bodies
            .iter()
            .find(|b| b["type"] == "conversation.status_changed")
            .expect("status_changed");
        assert_eq!(changed["data"]["status"], "closed");
        assert_eq!(changed["data"]["id"], w.conversation_id);
    })
    .await;
}

#[tokio::test]
async fn a_destination_no_longer_allowed_is_refused_at_send_time() {
    let t = crate::support::sqlite().await;
    let w = world(&t.db, "ssrf").await;
    let (receiver, url) = Receiver::start(&[]).await;
    // Saved while the operator allowed loopback; since then the allow list no longer names it.
    WebhookService::create(
        &allowing_loopback(&t.db),
        &w.admin,
        input(&url, &["contact.created"]),
    )
    .await
    .expect("create");
    let strict = state(&t.db);
    enqueue_committed(&strict, w.admin.team_id, EventType::ContactCreated).await;
    assert_eq!(
        worker::deliver_due(&strict, &reference_only(), Utc::now())
            .await
            .expect("round"),
        1
    );
    let d = deliveries(&t.db).await.remove(0);
    assert_eq!(d.status, "pending");
    assert!(
        d.last_error
            .as_deref()
            .is_some_and(|e| e.contains("not public")),
        "{:?}",
        d.last_error
    );
    assert!(receiver.requests().is_empty(), "no connection was made");
    t.finish().await;
}

/// Internal notes stay in the team. Closing a conversation sends its transcript without
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

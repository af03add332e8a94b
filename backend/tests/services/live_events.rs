//! The team event log and live streams below the HTTP layer: events written with their change
//! (and not without it), replay after an id, team isolation, notes, resets, and streams ending
//! with their session.

use crate::support::{PASSWORD, World, allowing_loopback, on_every_database, state, world};
use crate::webhooks::{Receiver, input};
use backend::auth::{ApiTokenService, SESSION_TTL_DAYS, SessionService, SessionUse};
use backend::entities::{conversation, message, session, team_event, team_member, user};
use backend::events::stream::{self, Credential, StreamItem, Viewer};
use backend::events::{self, Change, LiveSettings, Replay, retention};
use backend::services::conversations::{ConversationService, NewApiConversation};
use backend::services::messages::{MessageService, NewApiMessage};
use backend::services::webhooks::WebhookService;
use backend::test_support::event_about;
use backend::{Actor, AppState, DatabaseConnection};
use chrono::{Duration, Utc};
use futures_util::{Stream, StreamExt};
use model::MessageType;
use model::webhook::EventType;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use serde_json::{Value, json};
use std::pin::Pin;
use std::time::Duration as StdDuration;

/// How long a test waits for something that should arrive at once.
const PATIENCE: StdDuration = StdDuration::from_secs(5);

/// A hub that polls often, keeps `buffer` events, checks credentials every `keep_alive` and
/// replays in pages of 4.
fn hub(app: AppState, buffer: usize, keep_alive: StdDuration) -> AppState {
    app.with_live_settings(LiveSettings {
        poll: StdDuration::from_millis(10),
        keep_alive,
        buffer,
        replay_page: REPLAY_PAGE,
    })
}

/// The replay page of test hubs: small, so replays cross several pages.
const REPLAY_PAGE: u64 = 4;

/// [`hub`] with no keep-alive due during a test (its viewers' credentials are never checked).
fn fast(app: AppState, buffer: usize) -> AppState {
    hub(app, buffer, StdDuration::from_secs(3600))
}

async fn post(
    app: &AppState,
    actor: &Actor,
    conversation_id: i64,
    kind: MessageType,
    body: &str,
) -> i64 {
    let new = NewApiMessage {
        body: Some(body.into()),
        message_type: Some(kind.as_str().into()),
        ..Default::default()
    };
    MessageService::create(app, actor, conversation_id, new)
        .await
        .expect("message")
        .message
        .id
}

fn token_viewer(actor: Actor) -> Viewer {
    // Checked only when a keep-alive is due, which `fast` hubs never reach.
    Viewer {
        actor,
        credential: Credential::Token("unchecked".into()),
    }
}

/// A stream of `actor`'s team, resumed after `resume`, as a service-token viewer.
async fn watch(
    app: &AppState,
    actor: Actor,
    resume: Option<i64>,
) -> Pin<Box<dyn Stream<Item = StreamItem> + Send>> {
    Box::pin(
        stream::open(&app.live, &app.db, token_viewer(actor), resume)
            .await
            .expect("stream"),
    )
}

/// The next event (skipping keep-alives), or `None` when the stream ended or nothing came.
async fn next_event(events: &mut (impl Stream<Item = StreamItem> + Unpin)) -> Option<Value> {
    loop {
        match tokio::time::timeout(PATIENCE, events.next()).await.ok()?? {
            StreamItem::Event(e) => return serde_json::from_str(&e.json).ok(),
            StreamItem::Reset => return Some(json!({"type": "reset"})),
            StreamItem::KeepAlive => continue,
        }
    }
}

/// After a replay: a message posted now is the next event (nothing replayed is repeated).
async fn the_next_event_is_a_new_one(
    app: &AppState,
    w: &World,
    events: &mut (impl Stream<Item = StreamItem> + Unpin),
) {
    let after = post(
        app,
        &w.agent,
        w.conversation_id,
        MessageType::Email,
        "live again",
    )
    .await;
    assert_eq!(
        next_event(events).await.expect("live")["data"]["id"],
        json!(after),
        "nothing is repeated between the replay and the live events"
    );
}

async fn events_of(db: &DatabaseConnection, team_id: i64) -> Vec<team_event::Model> {
    team_event::Entity::find()
        .filter(team_event::Column::TeamId.eq(team_id))
        .all(db)
        .await
        .expect("events")
}

#[tokio::test]
async fn an_event_is_written_with_its_change_and_not_when_the_change_rolls_back() {
    on_every_database(async |db| {
        let w = world(&db, "evlog").await;
        let before = events_of(&db, w.admin.team_id).await.len();
        let txn = db.begin().await.expect("txn");
        events::record(
            &txn,
            Change::new(w.admin.team_id, event_about(EventType::ContactUpdated, 1)),
        )
        .await
        .expect("record");
        txn.rollback().await.expect("rollback");
        assert_eq!(events_of(&db, w.admin.team_id).await.len(), before);

        let app = state(&db);
        let id = post(
            &app,
            &w.agent,
            w.conversation_id,
            MessageType::Note,
            "internal",
        )
        .await;
        let logged = events_of(&db, w.admin.team_id).await;
        let last = logged.last().expect("an event");
        assert_eq!(logged.len(), before + 1);
        assert_eq!(last.event_type, "message.created");
        assert_eq!(last.data["id"], json!(id));
        assert_eq!(last.data["conversation_id"], json!(w.conversation_id));
        assert!(last.about_note, "a note is marked as one");
    })
    .await;
}

#[tokio::test]
async fn a_replay_returns_exactly_the_later_events_of_the_team() {
    on_every_database(async |db| {
        let a = world(&db, "replay-a").await;
        let b = world(&db, "replay-b").await;
        let app = state(&db);
        let from = events::latest_id(&db).await.expect("latest");
        let first = post(&app, &a.agent, a.conversation_id, MessageType::Email, "one").await;
        post(
            &app,
            &b.agent,
            b.conversation_id,
            MessageType::Email,
            "other team",
        )
        .await;
        ConversationService::mark_read(&db, &a.agent, a.conversation_id)
            .await
            .expect("read");
        let Replay::Events(replayed) = events::replay(&db, a.admin.team_id, from, 100)
            .await
            .expect("replay")
        else {
            panic!("a recent id replays");
        };
        let seen: Vec<(String, Value)> = replayed
            .iter()
            .map(|e| {
                let v: Value = serde_json::from_str(&e.json).expect("json");
                (
                    v["type"].as_str().unwrap_or_default().to_string(),
                    v["data"]["id"].clone(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("message.created".to_string(), json!(first)),
                ("conversation.updated".to_string(), json!(a.conversation_id)),
            ]
        );
        assert!(
            replayed.windows(2).all(|w| w[0].id < w[1].id),
            "oldest first"
        );
        assert!(replayed.iter().all(|e| e.team_id == a.admin.team_id));
    })
    .await;
}

#[tokio::test]
async fn a_stream_shows_its_team_events_as_they_commit_and_never_another_teams() {
    on_every_database(async |db| {
        let a = world(&db, "live-a").await;
        let b = world(&db, "live-b").await;
        let app = fast(state(&db), 64);
        let mut events = watch(&app, a.agent, None).await;
        post(
            &app,
            &b.agent,
            b.conversation_id,
            MessageType::Email,
            "other team",
        )
        .await;
        let mine = post(
            &app,
            &a.admin,
            a.conversation_id,
            MessageType::Note,
            "for members",
        )
        .await;
        let got = next_event(&mut events).await.expect("an event");
        assert_eq!(got["type"], "message.created");
        assert_eq!(
            got["data"]["id"],
            json!(mine),
            "the other team's message never shows"
        );
        assert_eq!(got["data"]["message_type"], "note", "members read notes");
    })
    .await;
}

#[tokio::test]
async fn a_stream_resumed_after_its_last_event_id_gets_exactly_what_it_missed() {
    on_every_database(async |db| {
        let w = world(&db, "resume").await;
        let app = fast(state(&db), 64);
        let last = {
            let mut events = watch(&app, w.agent, None).await;
            post(
                &app,
                &w.agent,
                w.conversation_id,
                MessageType::Email,
                "seen",
            )
            .await;
            next_event(&mut events).await.expect("an event")["id"]
                .as_i64()
                .expect("id")
        };
        let mut missed = Vec::new();
        for text in ["one", "two", "three"] {
            missed.push(json!(
                post(&app, &w.agent, w.conversation_id, MessageType::Email, text).await
            ));
        }
        let mut events = watch(&app, w.agent, Some(last)).await;
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(next_event(&mut events).await.expect("a missed event")["data"]["id"].clone());
        }
        assert_eq!(got, missed);
        the_next_event_is_a_new_one(&app, &w, &mut events).await;
    })
    .await;
}

#[tokio::test]
async fn a_resume_from_before_the_pruned_horizon_or_beyond_the_log_resets() {
    on_every_database(async |db| {
        let w = world(&db, "horizon").await;
        let app = fast(state(&db), 64);
        let start = events::latest_id(&db).await.expect("latest");
        for text in ["old one", "old two", "old three"] {
            post(&app, &w.agent, w.conversation_id, MessageType::Email, text).await;
        }
        team_event::Entity::update_many()
            .col_expr(
                team_event::Column::CreatedAt,
                Expr::value(Utc::now() - Duration::hours(30)),
            )
            .exec(&db)
            .await
            .expect("age the log");
        let removed = retention::prune(&db, Utc::now(), 2).await.expect("prune");
        assert!(removed > 0, "events past a day beyond the newest two go");
        assert_eq!(events_of(&db, w.admin.team_id).await.len(), 2);
        assert_eq!(
            events::replay(&db, w.admin.team_id, start, 100).await.ok(),
            Some(Replay::TooFarBehind)
        );
        assert_eq!(
            events::replay(&db, w.admin.team_id, i64::MAX / 2, 100)
                .await
                .ok(),
            Some(Replay::TooFarBehind)
        );
        let mut events = watch(&app, w.agent, Some(start)).await;
        assert_eq!(
            next_event(&mut events).await,
            Some(json!({"type": "reset"}))
        );
        // Events younger than a day stay whatever their number; the aged ones go.
        for text in ["new one", "new two", "new three"] {
            post(&app, &w.agent, w.conversation_id, MessageType::Email, text).await;
        }
        assert_eq!(
            retention::prune(&db, Utc::now(), 0).await.expect("prune"),
            2
        );
        assert_eq!(events_of(&db, w.admin.team_id).await.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_stream_that_falls_behind_its_buffer_is_told_to_reset() {
    on_every_database(async |db| {
        let w = world(&db, "lagging").await;
        let app = fast(state(&db), 4);
        let mut events = watch(&app, w.agent, None).await;
        let mut last = 0;
        for i in 0..12 {
            last = post(
                &app,
                &w.agent,
                w.conversation_id,
                MessageType::Email,
                &format!("m{i}"),
            )
            .await;
        }
        // Let the hub broadcast all of them while this stream reads nothing.
        tokio::time::sleep(StdDuration::from_millis(300)).await;
        assert_eq!(
            next_event(&mut events).await,
            Some(json!({"type": "reset"}))
        );
        let mut seen = Vec::new();
        while let Some(e) = next_event(&mut events).await {
            seen.push(e["data"]["id"].clone());
            if e["data"]["id"] == json!(last) {
                break;
            }
        }
        assert!(seen.len() <= 4, "at most the buffer is kept: {seen:?}");
    })
    .await;
}

#[tokio::test]
async fn a_stream_ends_when_its_session_ends() {
    on_every_database(async |db| {
        let w = world(&db, "signout").await;
        let app = hub(state(&db), 64, StdDuration::from_millis(100));
        let email = "agent@signout.example";
        let logged_in = SessionService::login(&app, email, PASSWORD, [127, 0, 0, 1].into(), None)
            .await
            .expect("login");
        let viewer = Viewer {
            actor: w.agent,
            credential: Credential::Session(logged_in.session_token.clone()),
        };
        let mut events = Box::pin(
            stream::open(&app.live, &db, viewer, None)
                .await
                .expect("stream"),
        );
        let first = tokio::time::timeout(PATIENCE, events.next())
            .await
            .expect("an item");
        assert_eq!(
            first,
            Some(StreamItem::KeepAlive),
            "a valid session keeps its stream"
        );
        SessionService::logout(&db, &logged_in.session_token)
            .await
            .expect("logout");
        let ended = tokio::time::timeout(PATIENCE, async {
            while let Some(item) = events.next().await {
                assert_eq!(item, StreamItem::KeepAlive);
            }
        })
        .await;
        assert!(
            ended.is_ok(),
            "the stream ends within a keep-alive of the sign-out"
        );
    })
    .await;
}

#[tokio::test]
async fn closing_the_hub_ends_every_stream() {
    on_every_database(async |db| {
        let w = world(&db, "closing").await;
        let app = fast(state(&db), 64);
        let mut events = watch(&app, w.agent, None).await;
        app.live.close();
        let next = tokio::time::timeout(PATIENCE, events.next())
            .await
            .expect("an answer");
        assert_eq!(next, None);
    })
    .await;
}

/// How access ends in [`a_busy_stream_ends_within_one_check_interval_after_access_ends`].
#[derive(Debug, Clone, Copy)]
enum AccessEnds {
    SignOut,
    TokenRevoked,
    UserDeleted,
    RemovedFromTeam,
}

/// Posts an email as the admin every 200 ms until aborted: a team whose stream is never idle.
fn keep_busy(app: &AppState, w: &World) -> tokio::task::JoinHandle<()> {
    let (app, admin, conversation_id) = (app.clone(), w.admin, w.conversation_id);
    tokio::spawn(async move {
        for i in 0.. {
            post(
                &app,
                &admin,
                conversation_id,
                MessageType::Email,
                &format!("busy {i}"),
            )
            .await;
            tokio::time::sleep(StdDuration::from_millis(200)).await;
        }
    })
}

/// A stream checked every 300 ms (longer than the 200 ms between events, so a check that waited
/// for a quiet moment would never run) ends within a few checks of `ending`, while events flow.
async fn ends_while_busy(db: DatabaseConnection, ending: AccessEnds) {
    let slug = format!("busy-{}", format!("{ending:?}").to_lowercase());
    let w = world(&db, &slug).await;
    let app = hub(state(&db), 4_096, StdDuration::from_millis(300));
    let credential = match ending {
        AccessEnds::TokenRevoked => Credential::Token(
            ApiTokenService::create_for(&db, w.agent.team_id, w.agent.user_id, "stream")
                .await
                .expect("token")
                .plain,
        ),
        AccessEnds::SignOut | AccessEnds::UserDeleted | AccessEnds::RemovedFromTeam => {
            let email = format!("agent@{slug}.example");
            let logged_in =
                SessionService::login(&app, &email, PASSWORD, [127, 0, 0, 1].into(), None)
                    .await
                    .expect("login");
            Credential::Session(logged_in.session_token)
        }
    };
    let viewer = Viewer {
        actor: w.agent,
        credential: credential.clone(),
    };
    let mut events = Box::pin(
        stream::open(&app.live, &db, viewer, None)
            .await
            .expect("stream"),
    );
    let busy = keep_busy(&app, &w);
    for _ in 0..3 {
        assert!(
            next_event(&mut events).await.is_some(),
            "the stream shows the busy team's events"
        );
    }
    match (ending, &credential) {
        (AccessEnds::SignOut, Credential::Session(token)) => {
            SessionService::logout(&db, token).await.expect("logout")
        }
        (AccessEnds::TokenRevoked, _) => {
            let tokens = ApiTokenService::list(&db, &w.admin).await.expect("tokens");
            for t in tokens {
                ApiTokenService::revoke(&db, &w.admin, t.id)
                    .await
                    .expect("revoke");
            }
        }
        (AccessEnds::UserDeleted, _) => {
            user::Entity::delete_by_id(w.agent.user_id)
                .exec(&db)
                .await
                .expect("delete the user");
        }
        (AccessEnds::RemovedFromTeam, _) => {
            team_member::Entity::delete_many()
                .filter(team_member::Column::UserId.eq(w.agent.user_id))
                .filter(team_member::Column::TeamId.eq(w.agent.team_id))
                .exec(&db)
                .await
                .expect("remove the member");
        }
        (AccessEnds::SignOut, Credential::Token(_)) => unreachable!("a sign-out ends a session"),
    }
    let ended = tokio::time::timeout(PATIENCE, async {
        let mut after = 0;
        while events.next().await.is_some() {
            after += 1;
        }
        after
    })
    .await;
    busy.abort();
    let after = ended.unwrap_or_else(|_| panic!("{ending:?}: the busy stream kept going"));
    // 300 ms of checks at one event per 200 ms: a handful of events at most got through.
    assert!(after < 10, "{ending:?}: {after} items after access ended");
}

#[tokio::test]
async fn a_busy_stream_ends_within_one_check_interval_after_access_ends() {
    for ending in [
        AccessEnds::SignOut,
        AccessEnds::TokenRevoked,
        AccessEnds::UserDeleted,
        AccessEnds::RemovedFromTeam,
    ] {
        on_every_database(async |db| ends_while_busy(db, ending).await).await;
    }
}

/// A stream's check reads the session without sliding its idle expiry: a tab left open is not
/// activity. A request does slide it.
#[tokio::test]
async fn watching_a_stream_never_keeps_an_idle_session_alive() {
    on_every_database(async |db| {
        let w = world(&db, "idle").await;
        let app = state(&db);
        let sign_in = async || {
            SessionService::login(
                &app,
                "agent@idle.example",
                PASSWORD,
                [127, 0, 0, 1].into(),
                None,
            )
            .await
            .expect("login")
            .session_token
        };
        let token = sign_in().await;
        let expiry = async || {
            session::Entity::find()
                .filter(session::Column::UserId.eq(w.agent.user_id))
                .one(&db)
                .await
                .expect("query")
                .map(|s| s.expires_at)
        };
        let signed_in_until = expiry().await.expect("a session");
        let start = Utc::now();
        // A locked screen: the stream checks every day for almost the idle limit.
        for day in 1..SESSION_TTL_DAYS {
            let at = start + Duration::days(day);
            SessionService::resolve_at(&db, &token, at, SessionUse::Watch)
                .await
                .unwrap_or_else(|e| panic!("day {day}: {e:?}"));
        }
        assert_eq!(expiry().await, Some(signed_in_until), "a check extended it");
        let past_idle = start + Duration::days(SESSION_TTL_DAYS) + Duration::hours(1);
        assert!(
            SessionService::resolve_at(&db, &token, past_idle, SessionUse::Watch)
                .await
                .is_err(),
            "the session outlived its idle limit"
        );

        // The same days with real requests keep a new session alive.
        let token = sign_in().await;
        for day in 1..=SESSION_TTL_DAYS + 5 {
            let at = start + Duration::days(day);
            SessionService::resolve_at(&db, &token, at, SessionUse::Request)
                .await
                .unwrap_or_else(|e| panic!("request on day {day}: {e:?}"));
        }
    })
    .await;
}

/// A resume replays every event the log keeps, read a page at a time: far more events than one
/// page (or the broadcast buffer) arrive in order, none twice, and live events follow.
#[tokio::test]
async fn a_resume_far_behind_replays_every_kept_event_across_pages() {
    on_every_database(async |db| {
        let w = world(&db, "paged").await;
        let app = fast(state(&db), 8);
        let from = events::latest_id(&db).await.expect("latest");
        let mut missed = Vec::new();
        for i in 0..(REPLAY_PAGE * 5 + 2) {
            missed.push(json!(
                post(
                    &app,
                    &w.agent,
                    w.conversation_id,
                    MessageType::Email,
                    &format!("missed {i}")
                )
                .await
            ));
        }
        let mut events = watch(&app, w.agent, Some(from)).await;
        let mut got = Vec::new();
        while got.len() < missed.len() {
            let e = next_event(&mut events).await.expect("a replayed event");
            assert_ne!(e["type"], "reset", "a kept event was not replayed");
            got.push(e["data"]["id"].clone());
        }
        assert_eq!(got, missed);
        the_next_event_is_a_new_one(&app, &w, &mut events).await;
    })
    .await;
}

/// A trigger that fails the statement named by `what` on either database, standing for any
/// failure a change meets after its event was recorded (a constraint, a lost connection).
async fn fail_later(db: &DatabaseConnection, what: FailLater) {
    let (table, when_sqlite, when_pg) = match what {
        FailLater::FirstMessageInsert => (
            "messages",
            "WHEN NEW.body = 'FAIL AFTER EVENT'",
            "WHEN (NEW.body = 'FAIL AFTER EVENT')",
        ),
        FailLater::WebhookQueue => ("webhook_deliveries", "", ""),
    };
    let statements = match db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE OR REPLACE FUNCTION chatlane_test_fail() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                .to_string(),
            format!(
                "CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} FOR EACH ROW {when_pg} \
                 EXECUTE FUNCTION chatlane_test_fail()"
            ),
        ],
        // SQLite (sea-orm's backend enum is non-exhaustive, so a wildcard it must be).
        _ => vec![format!(
            "CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} {when_sqlite} \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
    };
    for sql in statements {
        db.execute_unprepared(&sql)
            .await
            .expect("install the trigger");
    }
}

/// Where [`fail_later`] fails a change.
#[derive(Clone, Copy)]
enum FailLater {
    /// A new conversation's first message: after `conversation.created` was recorded.
    FirstMessageInsert,
    /// Queuing the webhook deliveries: after the event row was written.
    WebhookQueue,
}

async fn team_events(db: &DatabaseConnection, team_id: i64) -> usize {
    events_of(db, team_id).await.len()
}

/// A real change whose transaction fails after its event was recorded leaves no event
/// (and no change): a conversation whose first message cannot be written, and a message whose
/// webhook deliveries cannot be queued.
#[tokio::test]
async fn an_event_recorded_by_a_change_that_fails_later_is_never_visible() {
    on_every_database(async |db| {
        let app = allowing_loopback(&db);
        let w = world(&db, "rollback").await;
        let before = team_events(&db, w.admin.team_id).await;

        fail_later(&db, FailLater::FirstMessageInsert).await;
        let created = ConversationService::create(
            &app,
            &w.agent,
            NewApiConversation {
                inbox_id: Some(w.inbox_id),
                contact_id: Some(w.contact_id),
                subject: Some("Never happened".into()),
                body: Some("FAIL AFTER EVENT".into()),
                ..Default::default()
            },
        )
        .await;
        assert!(created.is_err(), "the injected failure did not happen");
        assert_eq!(
            team_events(&db, w.admin.team_id).await,
            before,
            "conversation.created outlived its rolled-back conversation"
        );
        let ghosts = conversation::Entity::find()
            .filter(conversation::Column::Subject.eq("Never happened"))
            .count(&db)
            .await
            .expect("count");
        assert_eq!(ghosts, 0);

        let (_receiver, url) = Receiver::start(&[]).await;
        WebhookService::create(&app, &w.admin, input(&url, &["message.created"]))
            .await
            .expect("webhook");
        let before = team_events(&db, w.admin.team_id).await;
        fail_later(&db, FailLater::WebhookQueue).await;
        let new = NewApiMessage {
            body: Some("an email that fails after its event".into()),
            message_type: Some(MessageType::Email.as_str().into()),
            ..Default::default()
        };
        let written = MessageService::create(&app, &w.agent, w.conversation_id, new).await;
        assert!(written.is_err(), "the injected failure did not happen");
        assert_eq!(
            team_events(&db, w.admin.team_id).await,
            before,
            "message.created outlived its rolled-back message"
        );
        let ghosts = message::Entity::find()
            .filter(message::Column::Body.eq("an email that fails after its event"))
            .count(&db)
            .await
            .expect("count");
        assert_eq!(ghosts, 0);
    })
    .await;
}

/// The hub's reader rings the webhook worker when it reads a newly committed event (whose
/// deliveries were queued with it), so the worker does not wait for its poll.
#[tokio::test]
async fn a_committed_event_wakes_the_webhook_worker() {
    on_every_database(async |db| {
        let w = world(&db, "wake").await;
        let app = state(&db);
        // Opening a stream starts the reader and waits until it knows where the log ends.
        let _events = watch(&app, w.agent, None).await;
        let worker = app.webhooks.clone();
        let waiting = tokio::spawn(async move { worker.notified().await });
        post(
            &app,
            &w.agent,
            w.conversation_id,
            MessageType::Email,
            "news",
        )
        .await;
        let woken = tokio::time::timeout(PATIENCE, waiting).await;
        assert!(
            matches!(woken, Ok(Ok(()))),
            "the webhook worker was not woken"
        );
    })
    .await;
}

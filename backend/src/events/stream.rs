//! One viewer's live stream: a replay from the log after `Last-Event-ID` (every event the log
//! keeps, read a page at a time so a stream never holds more than
//! [`LiveSettings::replay_page`](super::LiveSettings) replayed events), then the hub's
//! broadcast, filtered to the viewer's team and to what their role may see, with a keep-alive
//! whenever the stream is idle.
//!
//! Invariants: a stream only ever yields events of its actor's team; its session or token is
//! checked again on its own clock, every keep-alive interval however busy the stream is, and the
//! stream ends at the first check that finds it no longer resolves to the same team and role
//! (signed out, removed, revoked, deleted); a check never extends a session (watching is not
//! activity); it ends when the hub closes; an event is never yielded twice (ids only grow along
//! a stream).

use super::{LoggedEvent, Replay, page, replay};
use crate::actor::Actor;
use crate::auth::{ApiTokenService, SessionService, SessionUse};
use crate::error::ServiceResult;
use futures_util::Stream;
use model::Role;
use sea_orm::DatabaseConnection;
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};
use tokio::time::{Instant, sleep_until};

use super::hub::LiveHub;

/// What the viewer signed in with, checked again every keep-alive interval.
#[derive(Clone)]
pub enum Credential {
    /// A browser's session cookie.
    Session(String),
    /// A REST API bearer token.
    Token(String),
}

impl std::fmt::Debug for Credential {
    // Never print the secret itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Session(_) => f.write_str("Session(…)"),
            Credential::Token(_) => f.write_str("Token(…)"),
        }
    }
}

impl Credential {
    /// Whether it still resolves to `actor` (same user, team and role).
    async fn still_admits(&self, db: &DatabaseConnection, actor: &Actor) -> ServiceResult<bool> {
        let now = match self {
            Credential::Session(token) => {
                SessionService::resolve_at(db, token, chrono::Utc::now(), SessionUse::Watch)
                    .await
                    .map(|s| s.actor)
            }
            Credential::Token(token) => ApiTokenService::authenticate(db, token)
                .await
                .map(|t| t.actor),
        };
        match now {
            Ok(now) => Ok(now == *actor),
            Err(crate::ServiceError::Database(e)) => Err(e.into()),
            Err(_) => Ok(false),
        }
    }
}

/// Who is watching.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user, team and role the credential resolved to.
    pub actor: Actor,
    /// The session or token, to check again.
    pub credential: Credential,
}

/// What a stream sends.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItem {
    /// An event of the viewer's team.
    Event(Arc<LoggedEvent>),
    /// Events were missed (pruned, too many, or the client fell behind): reload what you show.
    Reset,
    /// Nothing happened for a while (an SSE comment keeps proxies from cutting the stream).
    KeepAlive,
}

/// Whether `role` reads internal notes (as in the inbox and the REST API: every team member).
fn reads_notes(role: Role) -> bool {
    match role {
        Role::Admin | Role::Agent => true,
    }
}

/// Whether a member with `role` may see `event`.
fn visible(event: &LoggedEvent, role: Role) -> bool {
    !event.about_note || reads_notes(role)
}

struct Cursor {
    db: DatabaseConnection,
    viewer: Viewer,
    keep_alive: std::time::Duration,
    events: broadcast::Receiver<Arc<LoggedEvent>>,
    closing: watch::Receiver<bool>,
    pending: VecDeque<StreamItem>,
    last_id: i64,
    /// Events a replay reads at once.
    replay_page: u64,
    /// Whether the log may hold more of the replay than was read (the last page was full).
    replaying: bool,
    /// When an idle stream next sends a keep-alive (pushed back by every item sent).
    next_keep_alive: Instant,
    /// When the credential is next checked (never pushed back: a busy stream is checked too).
    next_check: Instant,
}

/// Opens `viewer`'s stream, replaying what came after `resume_after` first.
pub async fn open(
    hub: &LiveHub,
    db: &DatabaseConnection,
    viewer: Viewer,
    resume_after: Option<i64>,
) -> ServiceResult<impl Stream<Item = StreamItem> + Send + 'static> {
    let (events, closing) = hub.subscribe().await;
    let settings = hub.settings();
    let team_id = viewer.actor.team_id;
    let mut cursor = Cursor {
        db: db.clone(),
        viewer,
        keep_alive: settings.keep_alive,
        events,
        closing,
        pending: VecDeque::new(),
        last_id: 0,
        replay_page: settings.replay_page,
        replaying: false,
        next_keep_alive: Instant::now() + settings.keep_alive,
        next_check: Instant::now() + settings.keep_alive,
    };
    if let Some(after) = resume_after {
        match replay(db, team_id, after, settings.replay_page).await? {
            Replay::Events(missed) => {
                cursor.last_id = after;
                cursor.queue_page(missed);
            }
            Replay::TooFarBehind => cursor.pending.push_back(StreamItem::Reset),
        }
    }
    Ok(futures_util::stream::unfold(cursor, next_item))
}

impl Cursor {
    /// Queues a page of replayed events; a full page means the log may hold more.
    fn queue_page(&mut self, missed: Vec<LoggedEvent>) {
        self.replaying = missed.len() as u64 >= self.replay_page;
        for event in missed {
            self.last_id = event.id;
            if visible(&event, self.viewer.actor.role) {
                self.pending.push_back(StreamItem::Event(Arc::new(event)));
            }
        }
    }
}

async fn next_item(mut cursor: Cursor) -> Option<(StreamItem, Cursor)> {
    loop {
        if *cursor.closing.borrow() {
            return None;
        }
        if Instant::now() >= cursor.next_check {
            match cursor
                .viewer
                .credential
                .still_admits(&cursor.db, &cursor.viewer.actor)
                .await
            {
                Ok(true) => {}
                Ok(false) => return None,
                // The database is briefly away: keep the stream, check again next time.
                Err(e) => tracing::warn!(error = %e, "live stream: credential check failed"),
            }
            cursor.next_check = Instant::now() + cursor.keep_alive;
        }
        if let Some(item) = cursor.pending.pop_front() {
            cursor.next_keep_alive = Instant::now() + cursor.keep_alive;
            return Some((item, cursor));
        }
        // The replay reads on while the last page was full; the broadcast meanwhile holds what
        // commits (events the replay already sent are skipped by id below).
        if cursor.replaying {
            let team_id = cursor.viewer.actor.team_id;
            match page(&cursor.db, team_id, cursor.last_id, cursor.replay_page).await {
                Ok(missed) => cursor.queue_page(missed),
                // End the stream: the client reconnects with its Last-Event-ID.
                Err(e) => {
                    tracing::warn!(error = %e, "live stream: reading the replay failed");
                    return None;
                }
            }
            continue;
        }
        tokio::select! {
            received = cursor.events.recv() => match received {
                Ok(event) => {
                    if event.team_id != cursor.viewer.actor.team_id || event.id <= cursor.last_id {
                        continue;
                    }
                    cursor.last_id = event.id;
                    if visible(&event, cursor.viewer.actor.role) {
                        cursor.pending.push_back(StreamItem::Event(event));
                    }
                }
                // Fell behind the bounded buffer: what was skipped is unknown, so reload.
                Err(RecvError::Lagged(_)) => cursor.pending.push_back(StreamItem::Reset),
                Err(RecvError::Closed) => return None,
            },
            // Either clock: the check runs at the top of the loop, before anything is sent.
            _ = sleep_until(cursor.next_keep_alive.min(cursor.next_check)) => {
                if Instant::now() >= cursor.next_keep_alive {
                    cursor.pending.push_back(StreamItem::KeepAlive);
                }
            }
            _ = cursor.closing.changed() => return None,
        }
    }
}

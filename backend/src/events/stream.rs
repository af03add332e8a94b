//! One viewer's live stream: a replay from the log after `Last-Event-ID`, then the hub's
//! broadcast, filtered to the viewer's team and to what their role may see, with a keep-alive
//! (and a fresh check of the viewer's session or token) whenever the stream is idle.
//!
//! Invariants: a stream only ever yields events of its actor's team; it ends when its session
//! or token no longer resolves to the same team and role (signed out, removed, revoked), and
//! when the hub closes; an event is never yielded twice (ids only grow along a stream).

use super::{LoggedEvent, Replay, replay};
use crate::actor::Actor;
use crate::auth::{ApiTokenService, SessionService};
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

/// What the viewer signed in with, checked again at every keep-alive.
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
            Credential::Session(token) => SessionService::resolve(db, token).await.map(|s| s.actor),
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
    next_keep_alive: Instant,
}

/// Opens `viewer`'s stream, replaying what came after `resume_after` first.
pub async fn open(
    hub: &LiveHub,
    db: &DatabaseConnection,
    viewer: Viewer,
    resume_after: Option<i64>,
) -> ServiceResult<impl Stream<Item = StreamItem> + Send + 'static> {
    let (events, closing) = hub.subscribe().await;
    let keep_alive = hub.settings().keep_alive;
    let mut pending = VecDeque::new();
    let mut last_id = 0;
    if let Some(after) = resume_after {
        match replay(db, viewer.actor.team_id, after).await? {
            Replay::Events(missed) => {
                last_id = after;
                for event in missed {
                    last_id = event.id;
                    if visible(&event, viewer.actor.role) {
                        pending.push_back(StreamItem::Event(Arc::new(event)));
                    }
                }
            }
            Replay::TooFarBehind => pending.push_back(StreamItem::Reset),
        }
    }
    let cursor = Cursor {
        db: db.clone(),
        viewer,
        keep_alive,
        events,
        closing,
        pending,
        last_id,
        next_keep_alive: Instant::now() + keep_alive,
    };
    Ok(futures_util::stream::unfold(cursor, next_item))
}

async fn next_item(mut cursor: Cursor) -> Option<(StreamItem, Cursor)> {
    loop {
        if *cursor.closing.borrow() {
            return None;
        }
        if let Some(item) = cursor.pending.pop_front() {
            cursor.next_keep_alive = Instant::now() + cursor.keep_alive;
            return Some((item, cursor));
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
            _ = sleep_until(cursor.next_keep_alive) => {
                match cursor.viewer.credential.still_admits(&cursor.db, &cursor.viewer.actor).await {
                    Ok(true) => cursor.pending.push_back(StreamItem::KeepAlive),
                    Ok(false) => return None,
                    // The database is briefly away: keep the stream, check again next time.
                    Err(e) => {
                        tracing::warn!(error = %e, "live stream: credential check failed");
                        cursor.pending.push_back(StreamItem::KeepAlive);
                    }
                }
            }
            _ = cursor.closing.changed() => return None,
        }
    }
}

//! The team event log: the one source of "what changed" for live streams and webhooks.
//!
//! Invariants:
//! - A change agents should see calls [`record`] with the connection of its own transaction: the
//!   event row and the webhook deliveries it causes commit or roll back with the change.
//! - Event ids grow in commit order. SQLite has one writer at a time; on PostgreSQL, [`record`]
//!   takes a transaction-scoped advisory lock before it draws the id, so an event with a higher
//!   id never commits before one with a lower id. "Every event after id N" is therefore a
//!   complete answer, which is what a resuming stream asks.
//! - On PostgreSQL the same transaction sends `NOTIFY chatlane_events` with the id: it is
//!   delivered at commit, to every replica, and carries no data (streams read the row).
//! - Rows are pruned after [`retention::KEEP_FOR`] once a team has more than
//!   [`retention::KEEP_AT_LEAST`]; the newest pruned id is remembered per team, so a resume from
//!   before it gets a reset instead of a silent gap.

pub mod hub;
pub mod retention;
pub mod stream;

use crate::entities::{team_event, team_event_horizon};
use crate::error::ServiceResult;
use crate::services::webhooks::outbox;
use chrono::Utc;
use model::event::{Envelope, EventData, Rendered};
use model::webhook::EventType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};

pub use hub::{LiveHub, LiveSettings};

/// The PostgreSQL channel commits are announced on.
pub const NOTIFY_CHANNEL: &str = "chatlane_events";

/// Any constant works, as long as every replica uses the same one: the advisory lock that orders
/// event ids by commit.
const EVENT_ORDER_LOCK: i64 = 0x6368_6174_6c61_6e65; // "chatlane"

/// One change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    team_id: i64,
    data: EventData,
    about_note: bool,
}

impl Change {
    /// The event `data` (its type, the resource's id and what the change knew) in `team_id`.
    pub fn new(team_id: i64, data: EventData) -> Self {
        Change {
            team_id,
            data,
            about_note: false,
        }
    }

    /// Whether the change reveals an internal note: only note readers see it, and only webhooks
    /// that opted in receive it.
    pub fn about_note(mut self, yes: bool) -> Self {
        self.about_note = yes;
        self
    }
}

/// Writes `change` to the log and queues its webhook deliveries, on `db`, which must be the
/// change's own transaction; returns the event id.
pub async fn record<C: ConnectionTrait>(db: &C, change: Change) -> ServiceResult<i64> {
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    if postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [EVENT_ORDER_LOCK.into()],
        ))
        .await?;
    }
    let row = team_event::ActiveModel {
        team_id: Set(change.team_id),
        event_type: Set(change.data.event_type().as_str().to_string()),
        about_note: Set(change.about_note),
        data: Set(change.data.to_value()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [NOTIFY_CHANNEL.into(), row.id.to_string().into()],
        ))
        .await?;
    }
    let audience = if change.about_note {
        outbox::Audience::NoteReaders
    } else {
        outbox::Audience::Subscribers
    };
    outbox::enqueue_for(db, change.team_id, &change.data, audience).await?;
    Ok(row.id)
}

/// A logged event as streams send it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedEvent {
    /// The event id.
    pub id: i64,
    /// The team it belongs to.
    pub team_id: i64,
    /// Its type's name.
    pub event_type: String,
    /// Whether it reveals an internal note.
    pub about_note: bool,
    /// The SSE `data:` line: its [`Envelope`], `{"id", "type", "timestamp", "data"}`.
    pub json: String,
}

impl LoggedEvent {
    fn from_row(row: team_event::Model) -> Self {
        let data = row
            .event_type
            .parse::<EventType>()
            .ok()
            .and_then(|event| EventData::from_parts(event, row.data.clone()).ok());
        let json = data.map(|data| {
            Envelope {
                id: Some(row.id),
                timestamp: row.created_at,
                body: data,
            }
            .to_json()
        });
        // Every row this version wrote reads back; one it cannot read (written by a newer
        // version) is passed on as it is, for readers to skip, so ids stay gapless.
        let json = json.unwrap_or_else(|| {
            Envelope {
                id: Some(row.id),
                timestamp: row.created_at,
                body: Rendered {
                    event_type: row.event_type.clone(),
                    data: row.data,
                },
            }
            .to_json()
        });
        LoggedEvent {
            id: row.id,
            team_id: row.team_id,
            event_type: row.event_type,
            about_note: row.about_note,
            json,
        }
    }
}

/// What a resume from an id finds.
#[derive(Debug, Clone, PartialEq)]
pub enum Replay {
    /// The first page of the team's later events, oldest first: at most the page size asked
    /// for, and a full page means more may follow ([`page`] reads on).
    Events(Vec<LoggedEvent>),
    /// Some of them are gone (pruned, or the id was never given out here): reload instead.
    TooFarBehind,
}

/// The first page (at most `page_size`) of the events of `team_id` after `after`, or
/// [`Replay::TooFarBehind`]. Every event the log keeps is replayable, however far behind.
pub async fn replay<C: ConnectionTrait>(
    db: &C,
    team_id: i64,
    after: i64,
    page_size: u64,
) -> ServiceResult<Replay> {
    let horizon = team_event_horizon::Entity::find_by_id(team_id)
        .one(db)
        .await?
        .map_or(0, |h| h.pruned_through);
    // An id from before the horizon may have lost events; one beyond the newest was never
    // given out by this database (another installation's, or made up).
    if after < horizon || after > latest_id(db).await? {
        return Ok(Replay::TooFarBehind);
    }
    Ok(Replay::Events(page(db, team_id, after, page_size).await?))
}

/// At most `page_size` events of `team_id` after `after`, oldest first.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    team_id: i64,
    after: i64,
    page_size: u64,
) -> ServiceResult<Vec<LoggedEvent>> {
    Ok(team_event::Entity::find()
        .filter(team_event::Column::TeamId.eq(team_id))
        .filter(team_event::Column::Id.gt(after))
        .order_by_asc(team_event::Column::Id)
        .limit(page_size)
        .all(db)
        .await?
        .into_iter()
        .map(LoggedEvent::from_row)
        .collect())
}

/// Every team's events after `after`, oldest first, at most `limit` (what the hub fans out).
pub(crate) async fn after<C: ConnectionTrait>(
    db: &C,
    after: i64,
    limit: u64,
) -> ServiceResult<Vec<LoggedEvent>> {
    Ok(team_event::Entity::find()
        .filter(team_event::Column::Id.gt(after))
        .order_by_asc(team_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(LoggedEvent::from_row)
        .collect())
}

/// The newest event id of any team (0 when the log is empty).
pub async fn latest_id<C: ConnectionTrait>(db: &C) -> ServiceResult<i64> {
    Ok(team_event::Entity::find()
        .select_only()
        .column_as(team_event::Column::Id.max(), "latest")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

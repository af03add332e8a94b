//! The outbox: an event becomes one delivery row per active webhook of the team subscribed to it,
//! written with the caller's connection — inside the transaction of the change that caused it,
//! so a rolled-back change sends nothing and a committed one cannot be lost. The row keeps the
//! event's reference (its [`Envelope`] as recorded, `{"type", "timestamp", "data"}`); its body is
//! rendered from it at the first attempt and then fixed, so every attempt sends the same bytes.

use crate::entities::{webhook, webhook_delivery};
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use model::MessageType;
use model::event::{Envelope, EventData};
use model::webhook::{DeliveryStatus, EventType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::Value;

/// A `webhook-id`: `msg_` and 32 random hex digits, the same on every attempt.
pub fn new_message_id() -> String {
    format!("msg_{}", uuid::Uuid::new_v4().simple())
}

/// The event type of the "Send test event" button.
pub const TEST_EVENT: &str = "webhook.test";

/// What a delivery starts from: its finished body, or a reference to render it from.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// The body as it will be sent.
    Body(String),
    /// The event's reference; the body is rendered at the first attempt.
    Reference(Value),
}

/// Inserts a pending delivery for `webhook_id`, due now.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    team_id: i64,
    webhook_id: i64,
    event: &str,
    content: Content,
    now: DateTime<Utc>,
) -> ServiceResult<webhook_delivery::Model> {
    let (reference, body) = match content {
        Content::Body(b) => (None, b),
        Content::Reference(r) => (Some(r), String::new()),
    };
    Ok(webhook_delivery::ActiveModel {
        message_id: Set(new_message_id()),
        team_id: Set(team_id),
        webhook_id: Set(webhook_id),
        event_type: Set(event.to_string()),
        reference: Set(reference),
        body: Set(body),
        status: Set(DeliveryStatus::Pending.as_str().to_string()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        last_status: Set(None),
        last_error: Set(None),
        last_attempt_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Who may receive an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Every webhook subscribed to it.
    Subscribers,
    /// Only subscribed webhooks that opted in to internal notes (the event is about one).
    NoteReaders,
}

impl Audience {
    /// The audience of an event about a message of `message_type`.
    pub fn of_message(message_type: MessageType) -> Self {
        match message_type {
            MessageType::Note => Audience::NoteReaders,
            MessageType::Email
            | MessageType::Sms
            | MessageType::Whatsapp
            | MessageType::PhoneCall
            | MessageType::Facebook
            | MessageType::Instagram => Audience::Subscribers,
        }
    }

    fn admits(self, hook: &webhook::Model) -> bool {
        match self {
            Audience::Subscribers => true,
            Audience::NoteReaders => hook.include_internal_notes,
        }
    }
}

/// Writes the event `data` for every active webhook of `team_id` subscribed to its type; returns
/// how many deliveries were queued.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    team_id: i64,
    data: &EventData,
) -> ServiceResult<usize> {
    enqueue_for(db, team_id, data, Audience::Subscribers).await
}

/// Writes the event `data` for every active webhook of `team_id` subscribed to its type that
/// `audience` admits; returns how many deliveries were queued. Workers find them within their
/// poll interval, or at once when the live hub reads the committed event and wakes them.
pub async fn enqueue_for<C: ConnectionTrait>(
    db: &C,
    team_id: i64,
    data: &EventData,
    audience: Audience,
) -> ServiceResult<usize> {
    let event = data.event_type();
    let hooks = webhook::Entity::find()
        .filter(webhook::Column::TeamId.eq(team_id))
        .filter(webhook::Column::IsActive.eq(true))
        .all(db)
        .await?;
    let now = Utc::now();
    let mut queued = 0;
    for hook in hooks
        .iter()
        .filter(|h| events_of(h).contains(&event) && audience.admits(h))
    {
        let reference = Envelope::new(now, data.clone()).to_value();
        insert(
            db,
            team_id,
            hook.id,
            event.as_str(),
            Content::Reference(reference),
            now,
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// The events a row subscribes to (unknown names, from a newer version, are skipped).
pub fn events_of(row: &webhook::Model) -> Vec<EventType> {
    row.events
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().and_then(|s| s.parse::<EventType>().ok()))
        .collect()
}

/// Deliveries waiting for an attempt, every team's and every replica's (what `/metrics` shows an
/// operator as the outbox's depth).
pub async fn depth<C: ConnectionTrait>(db: &C) -> ServiceResult<u64> {
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .count(db)
        .await?)
}

//! The team event contract: what each event's `data` holds, and the [`Envelope`] every event
//! travels in — on the live streams (`{"id", "type", "timestamp", "data"}`), in the webhook
//! outbox's references and in webhook bodies (`{"type", "timestamp", "data"}`, the id travels in
//! the `webhook-id` header there).
//!
//! Invariants:
//! - An event's `type` is its [`EventType`] name and nothing else: [`EventData`] is written and
//!   read through [`EventType`], so the two cannot drift apart.
//! - `data` is what the change knew when it was recorded: the resource's ids, plus the facts that
//!   are gone once it commits (the status before, which fields changed, whether the email
//!   changed). A webhook body replaces it with the resource as the REST API shows it
//!   ([`Rendered`]); the live stream sends it as recorded.
//! - A `type` this version does not know, or `data` that does not fit its type, does not parse:
//!   readers skip it (a newer server's event is ignored, never half-read).

use crate::webhook::EventType;
use crate::webhook::transcript::rfc3339;
use crate::{ConversationStatus, MessageType, SenderType};
use chrono::{DateTime, Utc};
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use template::string_enum;

string_enum!(
    /// Where an integration's health went.
    pub enum IntegrationHealth {
        /// Its API stopped answering: its circuit breaker opened.
        Degraded => "degraded",
        /// Its API answers again: a probe call after the cool-down succeeded.
        Recovered => "recovered",
    }
);

/// `integration.health_changed`: an integration became degraded or recovered, with the reason
/// and the figures that decided (so teams can alert on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationHealthChanged {
    /// The integration's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Degraded or recovered.
    pub health: IntegrationHealth,
    /// Why, in words.
    pub reason: String,
    /// Calls in a row that failed because the API was not answering (0 when recovered).
    pub failures_in_a_row: u32,
    /// The failures in a row that open its breaker (its rule).
    pub breaker_threshold: u32,
    /// The last call's HTTP status, when the API answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// When degraded: when a probe call will be tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<DateTime<Utc>>,
}

/// An event about one resource, known by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    /// The resource's id.
    pub id: i64,
}

/// `conversation.status_changed`: the status after the change and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {
    /// The conversation's id.
    pub id: i64,
    /// Its status now.
    pub status: ConversationStatus,
    /// Its status before the change.
    pub previous_status: ConversationStatus,
}

string_enum!(
    /// What a `conversation.updated` changed.
    pub enum ConversationChange {
        /// Its tags.
        Tags => "tags",
        /// Its read state (unread counts follow it).
        Read => "read",
    }
);

/// `conversation.updated`: which of its parts changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationUpdated {
    /// The conversation's id.
    pub id: i64,
    /// What changed.
    pub changed: Vec<ConversationChange>,
}

/// `message.created`: the message and where it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageCreated {
    /// The message's id.
    pub id: i64,
    /// Its conversation's id.
    pub conversation_id: i64,
    /// How it travels (a note stays internal).
    pub message_type: MessageType,
    /// Who wrote it.
    pub sender_type: SenderType,
}

/// `contact.updated`: the contact, and whether its email changed (its cards run again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactUpdated {
    /// The contact's id.
    pub id: i64,
    /// Whether the email changed (became known, changed or was removed).
    pub email_changed: bool,
}

/// What one event says, by type: one variant per [`EventType`], matched without a wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventData {
    /// `conversation.created`.
    ConversationCreated(ResourceRef),
    /// `conversation.status_changed`.
    ConversationStatusChanged(StatusChanged),
    /// `conversation.closed`.
    ConversationClosed(ResourceRef),
    /// `conversation.updated`.
    ConversationUpdated(ConversationUpdated),
    /// `message.created`.
    MessageCreated(MessageCreated),
    /// `contact.created`.
    ContactCreated(ResourceRef),
    /// `contact.updated`.
    ContactUpdated(ContactUpdated),
    /// `conversation.transcript` (its body is the transcript, rendered when it is sent).
    ConversationTranscript(ResourceRef),
    /// `integration.health_changed` (sent as recorded: it carries its own figures).
    IntegrationHealthChanged(IntegrationHealthChanged),
}

impl EventData {
    /// Its type.
    pub fn event_type(&self) -> EventType {
        match self {
            EventData::ConversationCreated(_) => EventType::ConversationCreated,
            EventData::ConversationStatusChanged(_) => EventType::ConversationStatusChanged,
            EventData::ConversationClosed(_) => EventType::ConversationClosed,
            EventData::ConversationUpdated(_) => EventType::ConversationUpdated,
            EventData::MessageCreated(_) => EventType::MessageCreated,
            EventData::ContactCreated(_) => EventType::ContactCreated,
            EventData::ContactUpdated(_) => EventType::ContactUpdated,
            EventData::ConversationTranscript(_) => EventType::ConversationTranscript,
            EventData::IntegrationHealthChanged(_) => EventType::IntegrationHealthChanged,
        }
    }

    /// The id of the resource it is about (a conversation, a message, a contact or an
    /// integration, as its type says).
    pub fn resource_id(&self) -> i64 {
        match self {
            EventData::ConversationCreated(r)
            | EventData::ConversationClosed(r)
            | EventData::ContactCreated(r)
            | EventData::ConversationTranscript(r) => r.id,
            EventData::ConversationStatusChanged(s) => s.id,
            EventData::ConversationUpdated(u) => u.id,
            EventData::MessageCreated(m) => m.id,
            EventData::ContactUpdated(c) => c.id,
            EventData::IntegrationHealthChanged(h) => h.id,
        }
    }

    /// Its `data` as JSON (what the log stores beside the type).
    pub fn to_value(&self) -> Value {
        let value = match self {
            EventData::ConversationCreated(r)
            | EventData::ConversationClosed(r)
            | EventData::ContactCreated(r)
            | EventData::ConversationTranscript(r) => serde_json::to_value(r),
            EventData::ConversationStatusChanged(s) => serde_json::to_value(s),
            EventData::ConversationUpdated(u) => serde_json::to_value(u),
            EventData::MessageCreated(m) => serde_json::to_value(m),
            EventData::ContactUpdated(c) => serde_json::to_value(c),
            EventData::IntegrationHealthChanged(h) => serde_json::to_value(h),
        };
        // Plain structs of numbers, booleans and vocabulary names always serialise.
        value.unwrap_or(Value::Null)
    }

    /// The event of type `event` with `data` as stored or sent; an error when `data` does not
    /// fit the type.
    pub fn from_parts(event: EventType, data: Value) -> Result<Self, serde_json::Error> {
        use serde_json::from_value;
        Ok(match event {
            EventType::ConversationCreated => EventData::ConversationCreated(from_value(data)?),
            EventType::ConversationStatusChanged => {
                EventData::ConversationStatusChanged(from_value(data)?)
            }
            EventType::ConversationClosed => EventData::ConversationClosed(from_value(data)?),
            EventType::ConversationUpdated => EventData::ConversationUpdated(from_value(data)?),
            EventType::MessageCreated => EventData::MessageCreated(from_value(data)?),
            EventType::ContactCreated => EventData::ContactCreated(from_value(data)?),
            EventType::ContactUpdated => EventData::ContactUpdated(from_value(data)?),
            EventType::ConversationTranscript => {
                EventData::ConversationTranscript(from_value(data)?)
            }
            EventType::IntegrationHealthChanged => {
                EventData::IntegrationHealthChanged(from_value(data)?)
            }
        })
    }
}

/// What a webhook body carries instead of the recorded data: the event's type name (an
/// [`EventType`], or `webhook.test`) and the resource as the REST API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendered {
    /// The event's type name.
    #[serde(rename = "type")]
    pub event_type: String,
    /// What the receiver gets as `data`.
    pub data: Value,
}

/// The envelope of every team event: `{"id", "type", "timestamp", "data"}`, where `type` and
/// `data` come from `body` ([`EventData`] as recorded, or [`Rendered`] for a webhook) and `id`
/// is left out when there is none (webhook bodies and outbox references).
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<D = EventData> {
    /// The event's id in the team's log (what a stream resumes after).
    pub id: Option<i64>,
    /// When the change was recorded; on the wire RFC 3339 to the second, in UTC.
    pub timestamp: DateTime<Utc>,
    /// Its type and data.
    pub body: D,
}

impl Envelope {
    /// `body` recorded at `timestamp`, without a log id (an outbox reference).
    pub fn new(timestamp: DateTime<Utc>, body: EventData) -> Self {
        Envelope {
            id: None,
            timestamp,
            body,
        }
    }

    /// The same event with `data` as a webhook receives it: `rendered`, or the recorded data
    /// when there is no rendering (the resource is gone), without the log id.
    pub fn rendered(&self, rendered: Option<Value>) -> Envelope<Rendered> {
        Envelope {
            id: None,
            timestamp: self.timestamp,
            body: Rendered {
                event_type: self.body.event_type().as_str().to_string(),
                data: rendered.unwrap_or_else(|| self.body.to_value()),
            },
        }
    }
}

impl<D: EnvelopeBody> Envelope<D> {
    /// Its JSON text.
    pub fn to_json(&self) -> String {
        // A map of strings, numbers and the body's plain structs always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Its JSON value (what the outbox stores).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// What an envelope can carry: a type name and `data` ([`EventData`] or [`Rendered`]).
pub trait EnvelopeBody: Sized {
    /// The `type` on the wire.
    fn type_name(&self) -> &str;
    /// The `data` on the wire.
    fn data(&self) -> Value;
    /// The body of an envelope of type `type_name` with `data`; why not, when they do not fit.
    fn from_parts(type_name: &str, data: Value) -> Result<Self, String>;
}

impl EnvelopeBody for EventData {
    fn type_name(&self) -> &str {
        self.event_type().as_str()
    }
    fn data(&self) -> Value {
        self.to_value()
    }
    fn from_parts(type_name: &str, data: Value) -> Result<Self, String> {
        let event = type_name.parse::<EventType>().map_err(|e| e.to_string())?;
        EventData::from_parts(event, data).map_err(|e| format!("{type_name}: {e}"))
    }
}

impl EnvelopeBody for Rendered {
    fn type_name(&self) -> &str {
        &self.event_type
    }
    fn data(&self) -> Value {
        self.data.clone()
    }
    fn from_parts(type_name: &str, data: Value) -> Result<Self, String> {
        Ok(Rendered {
            event_type: type_name.to_string(),
            data,
        })
    }
}

impl<D: EnvelopeBody> Serialize for Envelope<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(id) = self.id {
            map.serialize_entry("id", &id)?;
        }
        map.serialize_entry("type", self.body.type_name())?;
        map.serialize_entry("timestamp", &rfc3339(self.timestamp))?;
        map.serialize_entry("data", &self.body.data())?;
        map.end()
    }
}

/// An envelope as it arrives, before its type is checked.
#[derive(Deserialize)]
struct RawEnvelope {
    #[serde(default)]
    id: Option<i64>,
    #[serde(rename = "type")]
    event_type: String,
    timestamp: DateTime<Utc>,
    #[serde(default)]
    data: Value,
}

impl<'de, D: EnvelopeBody> Deserialize<'de> for Envelope<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let raw = RawEnvelope::deserialize(deserializer)?;
        Ok(Envelope {
            id: raw.id,
            timestamp: raw.timestamp,
            body: D::from_parts(&raw.event_type, raw.data).map_err(De::Error::custom)?,
        })
    }
}

#[cfg(test)]
mod tests;

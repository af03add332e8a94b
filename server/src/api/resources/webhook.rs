//! Outgoing webhooks and their delivery log.

use chrono::{DateTime, Utc};
use model::webhook::{AttemptView, DeliveryView, WebhookView};
use serde::Serialize;
use utoipa::ToSchema;

/// An outgoing webhook (admins only).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WebhookResource {
    /// The webhook's id.
    pub id: i64,
    /// Where events are POSTed.
    #[schema(example = "https://hooks.example.com/chatlane")]
    pub url: String,
    /// The admins' note.
    pub description: String,
    /// The subscribed events.
    #[schema(example = json!(["conversation.transcript", "conversation.closed"]))]
    pub events: Vec<String>,
    /// Whether events are sent.
    pub is_active: bool,
    /// Whether internal notes are sent too (transcripts, conversation threads,
    /// `message.created`).
    pub include_internal_notes: bool,
    /// `chatlane` (the event envelope) or `chatlio` (Chatlio's transcript JSON).
    #[schema(example = "chatlane")]
    pub payload_format: String,
    /// Why Chatlane switched it off (a 410 answer, or 5 days without a success).
    pub disabled_reason: Option<String>,
    /// The last successful delivery.
    pub last_success_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// The signing secret (`whsec_…`): only in the answers of create and rotate-secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: Option<String>,
}

impl From<WebhookView> for WebhookResource {
    fn from(w: WebhookView) -> Self {
        WebhookResource {
            id: w.id,
            url: w.url,
            description: w.description,
            events: w.events,
            is_active: w.is_active,
            include_internal_notes: w.include_internal_notes,
            payload_format: w.payload_format.as_str().to_string(),
            disabled_reason: w.disabled_reason,
            last_success_at: w.last_success_at,
            created_at: w.created_at,
            updated_at: w.updated_at,
            secret: w.secret,
        }
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AttemptResource {
    /// When.
    pub attempted_at: DateTime<Utc>,
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// How long it took.
    pub duration_ms: i64,
    /// The start of the receiver's answer.
    pub response_excerpt: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// When the next attempt is due, if there is one.
    pub next_retry_at: Option<DateTime<Utc>>,
}

impl From<AttemptView> for AttemptResource {
    fn from(a: AttemptView) -> Self {
        AttemptResource {
            attempted_at: a.attempted_at,
            status: a.status,
            duration_ms: a.duration_ms,
            response_excerpt: a.response_excerpt,
            error: a.error,
            next_retry_at: a.next_retry_at,
        }
    }
}

/// One event for one webhook, with its attempts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeliveryResource {
    /// The delivery's id.
    pub id: i64,
    /// The `webhook-id` header, the same on every attempt (the receiver's idempotency key).
    #[schema(example = "msg_2b959179d06f4fec9c6e1c98468d1d63")]
    pub message_id: String,
    /// The event.
    #[schema(example = "conversation.transcript")]
    pub event: String,
    /// `pending`, `succeeded` or `failed`.
    #[schema(example = "succeeded")]
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last answer's status.
    pub last_status: Option<u16>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// The attempts, newest first.
    pub attempts_log: Vec<AttemptResource>,
}

impl From<DeliveryView> for DeliveryResource {
    fn from(d: DeliveryView) -> Self {
        DeliveryResource {
            id: d.id,
            message_id: d.message_id,
            event: d.event,
            status: d.status.as_str().to_string(),
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: d.created_at,
            attempts_log: d.attempts_log.into_iter().map(Into::into).collect(),
        }
    }
}

//! `/api/v1/webhooks` (admin tokens): outgoing webhooks, their signing secret, delivery log and
//! redelivery. Create takes every field of [`WebhookBody`] (`url` and `events` required); PATCH
//! changes the fields it is given.

pub mod create;
pub mod delete;
pub mod deliveries;
pub mod get;
pub mod list;
pub mod redeliver;
pub mod rotate_secret;
pub mod test;
pub mod update;

use serde::Deserialize;
use utoipa::ToSchema;

/// The fields of a webhook.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://hooks.example.com/chatlane",
    "description": "Transcripts to the CRM",
    "events": ["conversation.transcript", "conversation.closed"],
    "is_active": true,
    "include_internal_notes": false
}))]
pub struct WebhookBody {
    /// Where events are POSTed (http or https, a public address).
    #[schema(schema_with = crate::api::formats::http_url)]
    pub url: Option<String>,
    /// A note for the admins (up to 500 characters).
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Events: `conversation.created`, `conversation.status_changed`, `conversation.closed`,
    /// `conversation.updated`, `message.created`, `contact.created`, `contact.updated`,
    /// `conversation.transcript`, `integration.health_changed` (at least one).
    #[schema(schema_with = crate::api::formats::event_names)]
    pub events: Option<Vec<String>>,
    /// Whether events are sent (default true).
    pub is_active: Option<bool>,
    /// Whether internal notes are sent too (default false): in `conversation.transcript`, in the
    /// `messages` of conversation events and as `message.created`. A receiver cannot filter them
    /// out, so only opt in for systems the whole team may read.
    pub include_internal_notes: Option<bool>,
    /// `chatlane` (default): `{"type", "timestamp", "data"}` for every event. `chatlio`: the
    /// transcript alone, in Chatlio's JSON (`agentEmail`, `archiveUrl`, `conversationUUID`,
    /// `messages[].isVisitorMsg`, `visitor.IPAddress`, …) for receivers written for Chatlio;
    /// it subscribes to `conversation.transcript` only.
    #[schema(value_type = Option<String>, pattern = "^(chatlane|chatlio)$")]
    pub payload_format: Option<String>,
}

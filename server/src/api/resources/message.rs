//! Messages, with their conversation, channel and sender.

use crate::api::resources::{ChannelResource, SenderRef};
use backend::entities::{attachment, conversation};
use backend::services::messages::ApiMessage;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A conversation as embedded in a message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ConversationRef {
    /// The conversation's id.
    pub id: i64,
    /// Its subject.
    pub subject: String,
    /// `active`, `pending` or `closed`.
    pub status: String,
}

impl From<&conversation::Model> for ConversationRef {
    fn from(c: &conversation::Model) -> Self {
        ConversationRef {
            id: c.id,
            subject: c.subject.clone(),
            status: c.status.clone(),
        }
    }
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AttachmentResource {
    /// The attachment's id.
    pub id: i64,
    /// The original file name.
    pub file_name: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// Where to download it (with the same bearer token).
    pub url: String,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MessageResource {
    /// The message's id.
    pub id: i64,
    /// Its text.
    pub body: String,
    /// `email`, `sms`, `whatsapp`, `note`, `phone_call`, `facebook` or `instagram`.
    #[serde(rename = "type")]
    pub message_type: String,
    /// Saved, not sent.
    pub is_draft: bool,
    /// `draft`, `sending`, `sent`, `failed`, or null for received messages and notes.
    pub delivery_status: Option<String>,
    /// Whether the team has read it (what the team sends is always read).
    pub is_read: bool,
    /// The id the channel's provider gave the sent message, if any.
    pub external_message_id: Option<String>,
    /// Why the last delivery attempt failed (while `sending` it will be retried; `failed` is final).
    pub delivery_error: Option<String>,
    /// Attached files.
    pub attachments: Vec<AttachmentResource>,
    /// Its conversation.
    pub conversation: ConversationRef,
    /// The channel it went out through, if any.
    pub channel: Option<ChannelResource>,
    /// Who wrote it.
    pub sender: SenderRef,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed (e.g. its delivery status).
    pub updated_at: DateTime<Utc>,
}

impl AttachmentResource {
    /// The attachment with its download URL under `base` (scheme and host).
    pub fn new(a: &attachment::Model, base: &str) -> Self {
        AttachmentResource {
            id: a.id,
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
            url: format!("{base}/api/v1/attachments/{}", a.id),
        }
    }
}

impl MessageResource {
    /// The message, with attachment URLs under `base` (scheme and host).
    pub fn new(a: ApiMessage, base: &str) -> Self {
        let m = a.message;
        MessageResource {
            id: m.id,
            body: m.body,
            message_type: m.message_type,
            is_draft: m.is_draft,
            delivery_status: m.delivery_status,
            is_read: m.is_read,
            external_message_id: m.external_message_id,
            delivery_error: m.delivery_error,
            attachments: a
                .attachments
                .iter()
                .map(|f| AttachmentResource::new(f, base))
                .collect(),
            conversation: (&a.conversation).into(),
            channel: a.channel.map(ChannelResource::from),
            sender: (&a.sender).into(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

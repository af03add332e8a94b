//! Inboxes and their channels.

use backend::entities::{inbox, inbox_channel};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// An inbox in a list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InboxResource {
    /// The inbox's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// `standard` (conversations with contacts) or `entity` (conversations about custom entity records).
    #[serde(rename = "type")]
    #[schema(example = "standard")]
    pub inbox_type: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<inbox::Model> for InboxResource {
    fn from(i: inbox::Model) -> Self {
        InboxResource {
            id: i.id,
            name: i.name,
            inbox_type: i.inbox_type,
            created_at: i.created_at,
            updated_at: i.updated_at,
        }
    }
}

/// A channel messages of an inbox go out through.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ChannelResource {
    /// The channel's id (`inbox_channel_id` when creating a message).
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The message type it carries (`email`, `sms`, `whatsapp`, ...).
    #[serde(rename = "type")]
    pub channel_type: String,
    /// Whether messages can be sent through it: switched on and, for types that are delivered,
    /// connected to a driver.
    pub is_active: bool,
    /// `smtp`, `webhook`, or null when not connected.
    pub driver: Option<String>,
}

impl From<inbox_channel::Model> for ChannelResource {
    fn from(c: inbox_channel::Model) -> Self {
        ChannelResource {
            id: c.id,
            name: c.name.clone(),
            channel_type: c.channel_type.clone(),
            is_active: backend::services::channels::is_sendable(&c),
            driver: c.driver,
        }
    }
}

/// One inbox with its channels.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InboxDetailResource {
    /// The inbox.
    #[serde(flatten)]
    pub inbox: InboxResource,
    /// Its channels, active or not.
    pub channels: Vec<ChannelResource>,
}

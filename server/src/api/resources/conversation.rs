//! Conversations, with their inbox, participant, assignee, tags and (for one) their thread.

use backend::entities::{contact, inbox, message, tag, user};
use backend::services::conversations::ApiConversation;
use backend::services::senders::Sender;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// An inbox as embedded in other resources.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InboxRef {
    /// The inbox's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// `standard` or `entity`.
    #[serde(rename = "type")]
    pub inbox_type: String,
}

impl From<&inbox::Model> for InboxRef {
    fn from(i: &inbox::Model) -> Self {
        InboxRef {
            id: i.id,
            name: i.name.clone(),
            inbox_type: i.inbox_type.clone(),
        }
    }
}

/// A person embedded in other resources (a contact or a team member).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PersonRef {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their email, if known.
    pub email: Option<String>,
}

impl From<&contact::Model> for PersonRef {
    fn from(c: &contact::Model) -> Self {
        PersonRef {
            id: c.id,
            name: c.name.clone(),
            email: c.email.clone(),
        }
    }
}

impl From<&user::Model> for PersonRef {
    fn from(u: &user::Model) -> Self {
        PersonRef {
            id: u.id,
            name: u.name.clone(),
            email: Some(u.email.clone()),
        }
    }
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TagResource {
    /// The tag's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its color (`#3b82f6` for tags created by name).
    pub color: String,
}

impl From<&tag::Model> for TagResource {
    fn from(t: &tag::Model) -> Self {
        TagResource {
            id: t.id,
            name: t.name.clone(),
            color: t.color.clone(),
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SenderRef {
    /// `user`, `contact` or `agent`.
    #[serde(rename = "type")]
    pub sender_type: String,
    /// Their id, when known.
    pub id: Option<i64>,
    /// Their name.
    pub name: String,
    /// Their email, when known.
    pub email: Option<String>,
}

impl From<&Sender> for SenderRef {
    fn from(s: &Sender) -> Self {
        SenderRef {
            sender_type: s.sender_type.as_str().to_string(),
            id: s.id,
            name: s.name.clone(),
            email: s.email.clone(),
        }
    }
}

/// A message in a conversation's thread.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ThreadMessage {
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
    /// Who wrote it.
    pub sender: SenderRef,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

impl ThreadMessage {
    fn new(m: &message::Model, sender: &Sender) -> Self {
        ThreadMessage {
            id: m.id,
            body: m.body.clone(),
            message_type: m.message_type.clone(),
            is_draft: m.is_draft,
            delivery_status: m.delivery_status.clone(),
            sender: sender.into(),
            created_at: m.created_at,
        }
    }
}

/// A conversation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ConversationResource {
    /// The conversation's id.
    pub id: i64,
    /// Its subject.
    pub subject: String,
    /// `active`, `pending` or `closed`.
    pub status: String,
    /// Whether the team has read its latest message.
    pub is_read: bool,
    /// Archived.
    pub is_archived: bool,
    /// Starred.
    pub is_starred: bool,
    /// When its latest message was written.
    pub last_message_at: Option<DateTime<Utc>>,
    /// Its inbox.
    pub inbox: InboxRef,
    /// The contact it is with.
    pub participant: Option<PersonRef>,
    /// The team member it is assigned to.
    pub assignee: Option<PersonRef>,
    /// Its tags, by name.
    pub tags: Vec<TagResource>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// The latest visit sent with it or its messages (absent when none was).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visitor: Option<super::VisitorResource>,
    /// Its thread, oldest first (single-conversation responses only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<ThreadMessage>>,
}

impl From<ApiConversation> for ConversationResource {
    fn from(a: ApiConversation) -> Self {
        let c = a.conversation;
        let visitor = Some(c.visit())
            .filter(|v| !v.is_empty())
            .map(super::VisitorResource::from);
        ConversationResource {
            id: c.id,
            subject: c.subject,
            status: c.status,
            is_read: c.is_read,
            is_archived: c.is_archived,
            is_starred: c.is_starred,
            last_message_at: c.last_message_at,
            inbox: (&a.inbox).into(),
            participant: a.participant.as_ref().map(PersonRef::from),
            assignee: a.assignee.as_ref().map(PersonRef::from),
            tags: a.tags.iter().map(TagResource::from).collect(),
            created_at: c.created_at,
            visitor,
            updated_at: c.updated_at,
            messages: a.messages.map(|thread| {
                thread
                    .iter()
                    .map(|(m, s)| ThreadMessage::new(m, s))
                    .collect()
            }),
        }
    }
}

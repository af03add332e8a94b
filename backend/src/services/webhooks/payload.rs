//! Rendering an event's body from its outbox reference, once, at its first attempt: the
//! transcript here (from the committed conversation), other events by the [`EventRenderer`] the
//! server installs (the REST API's resource shapes). A resource deleted in the meantime is sent as
//! its reference (its ids and what the change knew).
//!
//! Internal notes leave the team only for a webhook that opted in ([`Notes`]): without it they
//! are left out of transcripts and of conversation threads, and a `message.created` about one is
//! never queued for it.

use crate::entities::{contact, conversation, conversation_tag, inbox, message, tag, user};
use crate::error::ServiceResult;
use crate::services::senders;
use crate::state::AppState;
use model::event::EventData;
use model::webhook::chatlio::{ChatlioContext, ChatlioTranscript};
use model::webhook::transcript::{
    Transcript, TranscriptContact, TranscriptInbox, TranscriptMessage, TranscriptVisitor, rfc3339,
};
use model::{ConversationStatus, MessageType, SenderType};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Whether a webhook receives internal notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// Notes are left out (the default).
    Withheld,
    /// The admin opted in: notes are sent like other messages.
    Included,
}

impl Notes {
    /// What `hook` opted into.
    pub fn of(hook: &crate::entities::webhook::Model) -> Self {
        if hook.include_internal_notes {
            Notes::Included
        } else {
            Notes::Withheld
        }
    }

    /// Whether a message of `message_type` (as stored) may be sent.
    pub fn admit(self, message_type: &str) -> bool {
        match self {
            Notes::Included => true,
            Notes::Withheld => message_type != MessageType::Note.as_str(),
        }
    }
}

/// A boxed future, for the renderer's object-safe signature.
pub type Rendering<'a> = Pin<Box<dyn Future<Output = Option<Value>> + Send + 'a>>;

/// Turns an event as recorded (its resource's id and what the change knew) into the body's
/// `data`; `None` when the resource is gone.
pub trait EventRenderer: Send + Sync {
    /// The data of `event` for team `team_id`, with internal notes as `notes` says.
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        team_id: i64,
        event: &'a EventData,
        notes: Notes,
    ) -> Rendering<'a>;

    /// The absolute link to conversation `id` in the inbox; empty when there is no public origin.
    fn conversation_link(&self, id: i64) -> String {
        let _ = id;
        String::new()
    }
}

/// The renderer workers use.
pub type Renderer = Arc<dyn EventRenderer>;

/// Sends the reference itself (the services' tests; a server without the API layer).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferenceOnly;

impl EventRenderer for ReferenceOnly {
    fn render<'a>(&'a self, _: &'a AppState, _: i64, _: &'a EventData, _: Notes) -> Rendering<'a> {
        Box::pin(async { None })
    }
}

/// Conversation `id`'s transcript in Chatlio's shape (a webhook whose format is `chatlio`), if
/// the conversation exists; `archive_url` links to it in the inbox.
pub async fn chatlio_transcript(
    state: &AppState,
    team_id: i64,
    id: i64,
    notes: Notes,
    archive_url: String,
) -> ServiceResult<Option<ChatlioTranscript>> {
    let Some(transcript) = transcript(state, team_id, id, notes).await? else {
        return Ok(None);
    };
    let visitor_created_at = match transcript.contact.id {
        Some(cid) => contact::Entity::find_by_id(cid)
            .filter(contact::Column::TeamId.eq(team_id))
            .one(&state.db)
            .await?
            .map(|c| rfc3339(c.created_at)),
        None => None,
    };
    let context = ChatlioContext {
        archive_url,
        visitor_created_at,
    };
    Ok(Some(ChatlioTranscript::new(&transcript, context)))
}

/// The `conversation.transcript` data of conversation `id` of team `team_id`, if it exists, with
/// internal notes as `notes` says.
pub async fn transcript(
    state: &AppState,
    team_id: i64,
    id: i64,
    notes: Notes,
) -> ServiceResult<Option<Transcript>> {
    let db = &state.db;
    let Some(conv) = conversation::Entity::find_by_id(id)
        .filter(conversation::Column::TeamId.eq(team_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let inbox = inbox::Entity::find_by_id(conv.inbox_id)
        .filter(inbox::Column::TeamId.eq(team_id))
        .one(db)
        .await?;
    let tag_ids: Vec<i64> = conversation_tag::Entity::find()
        .filter(conversation_tag::Column::ConversationId.eq(conv.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag_id)
        .collect();
    let tags = tag::Entity::find()
        .filter(tag::Column::TeamId.eq(team_id))
        .filter(tag::Column::Id.is_in(tag_ids))
        .order_by_asc(tag::Column::Name)
        .all(db)
        .await?;
    let agent = match conv.assignee_id {
        Some(uid) => user::Entity::find_by_id(uid).one(db).await?,
        None => None,
    };
    let person = match conv.contact_id {
        Some(cid) => {
            contact::Entity::find_by_id(cid)
                .filter(contact::Column::TeamId.eq(team_id))
                .one(db)
                .await?
        }
        None => None,
    };
    let messages = message::Entity::find()
        .filter(message::Column::TeamId.eq(team_id))
        .filter(message::Column::ConversationId.eq(conv.id))
        .filter(message::Column::IsDraft.eq(false))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| notes.admit(&m.message_type))
        .collect::<Vec<_>>();
    let senders = senders::resolve(db, team_id, &messages).await?;
    let closed = conv.status == ConversationStatus::Closed.as_str();
    // The conversation's latest visit when one was sent with it, else the contact's last.
    let visit = Some(conv.visit())
        .filter(|v| !v.is_empty())
        .or_else(|| person.as_ref().map(contact::Model::last_visit))
        .unwrap_or_default();
    Ok(Some(
        Transcript {
            conversation_id: conv.id,
            conversation_uuid: conv.uuid.clone(),
            inbox: inbox.map_or(
                TranscriptInbox {
                    id: conv.inbox_id,
                    name: String::new(),
                    kind: String::new(),
                },
                |i| TranscriptInbox {
                    id: i.id,
                    name: i.name,
                    kind: i.inbox_type,
                },
            ),
            subject: conv.subject.clone(),
            status: conv.status.clone(),
            tags: tags.into_iter().map(|t| t.name).collect(),
            started_at: rfc3339(conv.created_at),
            ended_at: closed.then(|| rfc3339(conv.updated_at)),
            agent_name: agent.as_ref().map(|u| u.name.clone()),
            agent_email: agent.as_ref().map(|u| u.email.clone()),
            text_body: String::new(),
            html_body: String::new(),
            messages: messages
                .iter()
                .map(|m| {
                    let sender = senders.get(&m.id);
                    TranscriptMessage {
                        text: m.body.clone(),
                        sent_at: rfc3339(m.created_at),
                        username: sender.map(|s| s.name.clone()).unwrap_or_default(),
                        user_id: m
                            .sender_id
                            .map(|id| format!("{}:{id}", m.sender_type))
                            .unwrap_or_default(),
                        kind: m.message_type.clone(),
                        is_visitor_msg: m.sender_type == SenderType::Contact.as_str(),
                    }
                })
                .collect(),
            contact: person
                .as_ref()
                .map(|c| TranscriptContact {
                    id: Some(c.id),
                    name: c.name.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    custom_attributes: c.custom_attributes.clone(),
                })
                .unwrap_or_default(),
            visitor: TranscriptVisitor {
                ip_address: visit.ip,
                current_page: visit.page_url,
                referrer_url: visit.referrer,
                user_agent: visit.user_agent,
                location: visit.location,
            },
            reply_to_email: None,
        }
        .with_bodies(),
    ))
}

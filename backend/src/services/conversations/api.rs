//! Conversations for the REST API: the polling list, one conversation with its thread, and
//! creation with tags and an optional first message, all in the caller's team.

use super::{ConversationService, NewMessage, TAG_NAME_MAX, message_row, tag_named};
use crate::actor::Actor;
use crate::entities::{contact, conversation, conversation_tag, inbox, message, tag, user};
use crate::error::{ServiceError, ServiceResult};
use crate::services::custom_entities::RecordService;
use crate::services::inboxes::InboxService;
use crate::services::senders::{self, Sender};
use crate::services::webhooks::outbox;
use crate::services::{Listed, Window, oldest_first};
use chrono::{DateTime, Utc};
use model::validation::{self, FieldErrors, MESSAGE_BODY_MAX, SUBJECT_MAX};
use model::webhook::EventType;
use model::{ConversationStatus, InboxType, MessageType, SenderType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// What the API's conversation list filters by (all combinable).
#[derive(Debug, Clone, Default)]
pub struct ConversationQuery {
    /// Only conversations created strictly after this instant.
    pub created_after: Option<DateTime<Utc>>,
    /// Only this inbox's.
    pub inbox_id: Option<i64>,
    /// Only this status.
    pub status: Option<ConversationStatus>,
}

/// A conversation with what the API shows alongside it.
#[derive(Debug, Clone)]
pub struct ApiConversation {
    /// The row.
    pub conversation: conversation::Model,
    /// Its inbox.
    pub inbox: inbox::Model,
    /// Its contact, if any.
    pub participant: Option<contact::Model>,
    /// Its assignee, if any.
    pub assignee: Option<user::Model>,
    /// Its tags, by name.
    pub tags: Vec<tag::Model>,
    /// Its thread with senders, oldest first (only for single-conversation reads).
    pub messages: Option<Vec<(message::Model, Sender)>>,
}

/// A conversation to create through the API.
#[derive(Debug, Clone, Default)]
pub struct NewApiConversation {
    /// The team's inbox.
    pub inbox_id: Option<i64>,
    /// The team's contact (required in standard inboxes).
    pub contact_id: Option<i64>,
    /// The team's custom entity record (required in entity inboxes).
    pub custom_entity_record_id: Option<i64>,
    /// Subject (required).
    pub subject: Option<String>,
    /// First message from the contact, as an email, when given.
    pub body: Option<String>,
    /// Status (default active).
    pub status: Option<String>,
    /// Tag names; new ones are created with the default color.
    pub tags: Vec<String>,
}

fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl ConversationService {
    /// The team's conversations matching `query`, oldest first (`created_at`, then `id`).
    pub async fn api_list(
        db: &DatabaseConnection,
        actor: &Actor,
        query: &ConversationQuery,
        window: Window,
    ) -> ServiceResult<Listed<ApiConversation>> {
        let mut select =
            conversation::Entity::find().filter(conversation::Column::TeamId.eq(actor.team_id));
        if let Some(after) = query.created_after {
            select = select.filter(conversation::Column::CreatedAt.gt(after));
        }
        if let Some(inbox_id) = query.inbox_id {
            select = select.filter(conversation::Column::InboxId.eq(inbox_id));
        }
        if let Some(status) = query.status {
            select = select.filter(conversation::Column::Status.eq(status.as_str()));
        }
        let listed = oldest_first(
            db,
            select,
            (conversation::Column::CreatedAt, conversation::Column::Id),
            window,
        )
        .await?;
        let rows = Self::with_relations(db, actor, listed.rows).await?;
        Ok(Listed {
            rows,
            total: listed.total,
        })
    }

    /// One of the team's conversations with its thread.
    pub async fn api_find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ApiConversation> {
        let conv = Self::find(db, actor, id).await?;
        let messages = message::Entity::find()
            .filter(message::Column::TeamId.eq(actor.team_id))
            .filter(message::Column::ConversationId.eq(conv.id))
            .order_by_asc(message::Column::CreatedAt)
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?;
        let mut senders = senders::resolve(db, actor.team_id, &messages).await?;
        let thread = messages
            .into_iter()
            .filter_map(|m| senders.remove(&m.id).map(|s| (m, s)))
            .collect();
        let mut found = Self::with_relations(db, actor, vec![conv]).await?;
        let mut one = found.pop().ok_or(ServiceError::NotFound)?;
        one.messages = Some(thread);
        Ok(one)
    }

    /// Loads inboxes, contacts, assignees and tags for `rows` in four queries.
    async fn with_relations(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: Vec<conversation::Model>,
    ) -> ServiceResult<Vec<ApiConversation>> {
        let inboxes: HashMap<i64, inbox::Model> = inbox::Entity::find()
            .filter(inbox::Column::TeamId.eq(actor.team_id))
            .filter(inbox::Column::Id.is_in(unique(rows.iter().map(|c| c.inbox_id))))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let contacts: HashMap<i64, contact::Model> = contact::Entity::find()
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .filter(contact::Column::Id.is_in(unique(rows.iter().filter_map(|c| c.contact_id))))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let users: HashMap<i64, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(unique(rows.iter().filter_map(|c| c.assignee_id))))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let links = conversation_tag::Entity::find()
            .filter(conversation_tag::Column::ConversationId.is_in(rows.iter().map(|c| c.id)))
            .all(db)
            .await?;
        let tags: HashMap<i64, tag::Model> = tag::Entity::find()
            .filter(tag::Column::TeamId.eq(actor.team_id))
            .filter(tag::Column::Id.is_in(unique(links.iter().map(|l| l.tag_id))))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for conv in rows {
            let inbox = inboxes
                .get(&conv.inbox_id)
                .cloned()
                .ok_or_else(|| ServiceError::Internal(format!("inbox of {} missing", conv.id)))?;
            let participant = conv.contact_id.and_then(|id| contacts.get(&id)).cloned();
            let assignee = conv.assignee_id.and_then(|id| users.get(&id)).cloned();
            let mut conv_tags: Vec<tag::Model> = links
                .iter()
                .filter(|l| l.conversation_id == conv.id)
                .filter_map(|l| tags.get(&l.tag_id).cloned())
                .collect();
            conv_tags.sort_by(|a, b| a.name.cmp(&b.name));
            out.push(ApiConversation {
                conversation: conv,
                inbox,
                participant,
                assignee,
                tags: conv_tags,
                messages: None,
            });
        }
        Ok(out)
    }

    /// Creates a conversation (and its first message, when `body` is given) in one transaction.
    /// Ids in the body that are not the team's are field errors that do not say whether they exist.
    pub async fn api_create(
        db: &DatabaseConnection,
        actor: &Actor,
        new: NewApiConversation,
    ) -> ServiceResult<ApiConversation> {
        let mut errors = FieldErrors::new();
        let subject = errors.check(validation::required_text(
            "subject",
            new.subject.as_deref().unwrap_or_default(),
            SUBJECT_MAX,
        ));
        let status = match new.status.as_deref().map(str::trim) {
            None | Some("") => Some(ConversationStatus::Active),
            Some(s) => errors.check(s.parse::<ConversationStatus>().map_err(|_| {
                validation::ValidationError::new("status", "Must be active, pending or closed.")
            })),
        };
        let body = match new.body.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(b) => errors
                .check(validation::required_text("body", b, MESSAGE_BODY_MAX))
                .map(Some),
        };
        let mut tag_names: Vec<String> = Vec::new();
        for (i, raw) in new.tags.iter().enumerate() {
            if let Some(name) = errors.check(validation::required_text(
                &format!("tags.{i}"),
                raw,
                TAG_NAME_MAX,
            )) && !tag_names.contains(&name)
            {
                tag_names.push(name);
            }
        }
        let inbox = match new.inbox_id {
            None => {
                errors.add(validation::ValidationError::new(
                    "inbox_id",
                    "This field is required.",
                ));
                None
            }
            Some(id) => {
                let found = inbox::Entity::find_by_id(id)
                    .filter(inbox::Column::TeamId.eq(actor.team_id))
                    .one(db)
                    .await?;
                if found.is_none() {
                    errors.add(validation::ValidationError::new(
                        "inbox_id",
                        "No inbox with this id in your team.",
                    ));
                }
                found
            }
        };
        let contact = match new.contact_id {
            None => None,
            Some(id) => {
                let found = contact::Entity::find_by_id(id)
                    .filter(contact::Column::TeamId.eq(actor.team_id))
                    .one(db)
                    .await?;
                if found.is_none() {
                    errors.add(validation::ValidationError::new(
                        "contact_id",
                        "No contact with this id in your team.",
                    ));
                }
                found
            }
        };
        let record = match new.custom_entity_record_id {
            None => None,
            Some(id) => match RecordService::find(db, actor.team_id, id).await {
                Ok(r) => Some(r),
                Err(ServiceError::NotFound) => {
                    errors.add(validation::ValidationError::new(
                        "custom_entity_record_id",
                        "No custom entity record with this id in your team.",
                    ));
                    None
                }
                Err(e) => return Err(e),
            },
        };
        if let Some(i) = &inbox {
            match i.inbox_type()? {
                InboxType::Standard if new.contact_id.is_none() => {
                    errors.add(validation::ValidationError::new(
                        "contact_id",
                        "This field is required for standard inboxes.",
                    ));
                }
                InboxType::Entity if new.custom_entity_record_id.is_none() => {
                    errors.add(validation::ValidationError::new(
                        "custom_entity_record_id",
                        "This field is required for entity inboxes.",
                    ));
                }
                InboxType::Standard if new.custom_entity_record_id.is_some() => {
                    errors.add(validation::ValidationError::new(
                        "custom_entity_record_id",
                        "Only entity inboxes hold conversations about records.",
                    ));
                }
                InboxType::Standard | InboxType::Entity => {}
            }
        }
        errors.into_result()?;
        let (Some(inbox), Some(subject), Some(status), Some(body)) = (inbox, subject, status, body)
        else {
            return Err(ServiceError::Internal("validated fields missing".into()));
        };
        let email_channel = InboxService::active_channels(db, actor.team_id, inbox.id)
            .await?
            .into_iter()
            .find(|c| c.channel_type == MessageType::Email.as_str());
        let now = Utc::now();
        let txn = db.begin().await?;
        let conv = conversation::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            team_id: Set(actor.team_id),
            inbox_id: Set(inbox.id),
            contact_id: Set(contact.as_ref().map(|c| c.id)),
            custom_entity_record_id: Set(record.as_ref().map(|r| r.id)),
            assignee_id: Set(None),
            subject: Set(subject),
            status: Set(status.as_str().to_string()),
            // A first message from the contact is news to the team.
            is_read: Set(body.is_none()),
            is_archived: Set(false),
            is_starred: Set(false),
            last_message_at: Set(body.as_ref().map(|_| now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let (Some(r), Some(c)) = (&record, &contact) {
            RecordService::link_contact(&txn, actor.team_id, r.id, c.id).await?;
        }
        for name in &tag_names {
            let t = tag_named(&txn, actor.team_id, name).await?;
            conversation_tag::ActiveModel {
                conversation_id: Set(conv.id),
                tag_id: Set(t.id),
            }
            .insert(&txn)
            .await?;
        }
        outbox::enqueue(
            &txn,
            actor.team_id,
            EventType::ConversationCreated,
            &serde_json::json!({"id": conv.id}),
        )
        .await?;
        if let Some(text) = body {
            let first = message_row(
                actor.team_id,
                conv.id,
                email_channel.map(|c| c.id),
                NewMessage {
                    message_type: MessageType::Email,
                    body: text,
                    sender_type: SenderType::Contact,
                    sender_id: contact.as_ref().map(|c| c.id),
                    created_at: now,
                },
            )
            .insert(&txn)
            .await?;
            outbox::enqueue(
                &txn,
                actor.team_id,
                EventType::MessageCreated,
                &serde_json::json!({"id": first.id, "conversation_id": conv.id}),
            )
            .await?;
        }
        txn.commit().await?;
        Self::api_find(db, actor, conv.id).await
    }
}

//! Conversations, their threads, replies, status and tags.

use crate::actor::Actor;
use crate::entities::{agent, contact, conversation, conversation_tag, inbox, message, tag, user};
use crate::error::{ServiceError, ServiceResult};
use crate::services::inboxes::InboxService;
use chrono::{DateTime, Utc};
use model::contact::ContactSummary;
use model::conversation::{
    ConversationDetail, ConversationFilter, ConversationListItem, MessageView, TagView,
    preview_text,
};
use model::page::{Page, offset_for};
use model::validation::{self, MESSAGE_BODY_MAX};
use model::{ConversationStatus, MessageType, SenderType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Rows per page in the conversation list.
pub const CONVERSATIONS_PER_PAGE: u64 = 50;
/// Color given to tags created by name.
pub const DEFAULT_TAG_COLOR: &str = "#3b82f6";

/// Conversation queries and mutations.
pub struct ConversationService;

/// What a new conversation needs (demo data, CLI; the REST door arrives with the API issue).
pub struct NewConversation {
    /// Inbox (must be the team's).
    pub inbox_id: i64,
    /// Contact, if any.
    pub contact_id: Option<i64>,
    /// Assignee, if any.
    pub assignee_id: Option<i64>,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: ConversationStatus,
    /// When it started.
    pub created_at: DateTime<Utc>,
}

/// A message to append (demo data; replies go through [`ConversationService::reply`]).
pub struct NewMessage {
    /// Type.
    pub message_type: MessageType,
    /// Body.
    pub body: String,
    /// Sender kind.
    pub sender_type: SenderType,
    /// Sender id.
    pub sender_id: Option<i64>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

impl ConversationService {
    /// One page of the team's open (not archived) conversations, newest activity first.
    pub async fn list(
        db: &DatabaseConnection,
        actor: &Actor,
        filter: &ConversationFilter,
    ) -> ServiceResult<Page<ConversationListItem>> {
        let mut query = conversation::Entity::find()
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::IsArchived.eq(false));
        if let Some(inbox_id) = filter.inbox_id {
            query = query.filter(conversation::Column::InboxId.eq(inbox_id));
        }
        if let Some(status) = filter.status {
            query = query.filter(conversation::Column::Status.eq(status.as_str()));
        }
        let total = query.clone().count(db).await?;
        let page = filter.page.max(1);
        let rows = query
            .order_by_desc(conversation::Column::LastMessageAt)
            .order_by_desc(conversation::Column::Id)
            .offset(offset_for(page, CONVERSATIONS_PER_PAGE))
            .limit(CONVERSATIONS_PER_PAGE)
            .all(db)
            .await?;

        let inbox_names = Self::inbox_names(db, actor.team_id).await?;
        let contact_ids: Vec<i64> = rows.iter().filter_map(|c| c.contact_id).collect();
        let contacts: HashMap<i64, String> = contact::Entity::find()
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .filter(contact::Column::Id.is_in(contact_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let previews =
            Self::latest_previews(db, actor.team_id, rows.iter().map(|c| c.id).collect()).await?;

        let items = rows
            .into_iter()
            .map(|c| ConversationListItem {
                id: c.id,
                subject: c.subject,
                status: c.status.parse().unwrap_or(ConversationStatus::Active),
                is_read: c.is_read,
                is_starred: c.is_starred,
                inbox_name: inbox_names.get(&c.inbox_id).cloned().unwrap_or_default(),
                contact_name: c.contact_id.and_then(|id| contacts.get(&id).cloned()),
                preview: previews.get(&c.id).cloned(),
                last_message_at: c.last_message_at,
            })
            .collect();
        Ok(Page {
            items,
            page,
            per_page: CONVERSATIONS_PER_PAGE,
            total,
        })
    }

    async fn inbox_names(
        db: &DatabaseConnection,
        team_id: i64,
    ) -> ServiceResult<HashMap<i64, String>> {
        Ok(inbox::Entity::find()
            .filter(inbox::Column::TeamId.eq(team_id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect())
    }

    async fn latest_previews(
        db: &DatabaseConnection,
        team_id: i64,
        ids: Vec<i64>,
    ) -> ServiceResult<HashMap<i64, String>> {
        let messages = message::Entity::find()
            .filter(message::Column::TeamId.eq(team_id))
            .filter(message::Column::ConversationId.is_in(ids))
            .order_by_asc(message::Column::CreatedAt)
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?;
        // Later messages overwrite earlier ones, leaving the latest per conversation.
        Ok(messages
            .into_iter()
            .map(|m| (m.conversation_id, preview_text(&m.body, 120)))
            .collect())
    }

    /// Finds one of the actor's team's conversations.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<conversation::Model> {
        conversation::Entity::find_by_id(id)
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The conversation with its thread; opening it marks it read.
    pub async fn open(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ConversationDetail> {
        let conv = Self::find(db, actor, id).await?;
        if !conv.is_read {
            let mut active: conversation::ActiveModel = conv.clone().into();
            active.is_read = Set(true);
            active.update(db).await?;
        }
        Self::detail(db, actor, conv).await
    }

    async fn detail(
        db: &DatabaseConnection,
        actor: &Actor,
        conv: conversation::Model,
    ) -> ServiceResult<ConversationDetail> {
        let team_id = actor.team_id;
        let inbox = inbox::Entity::find_by_id(conv.inbox_id)
            .filter(inbox::Column::TeamId.eq(team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let contact = match conv.contact_id {
            Some(cid) => {
                contact::Entity::find_by_id(cid)
                    .filter(contact::Column::TeamId.eq(team_id))
                    .one(db)
                    .await?
            }
            None => None,
        };
        let assignee_name = match conv.assignee_id {
            Some(uid) => user::Entity::find_by_id(uid).one(db).await?.map(|u| u.name),
            None => None,
        };
        let messages = message::Entity::find()
            .filter(message::Column::TeamId.eq(team_id))
            .filter(message::Column::ConversationId.eq(conv.id))
            .order_by_asc(message::Column::CreatedAt)
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?;
        let user_ids: Vec<i64> = messages
            .iter()
            .filter(|m| m.sender_type == "user")
            .filter_map(|m| m.sender_id)
            .collect();
        let agent_ids: Vec<i64> = messages
            .iter()
            .filter(|m| m.sender_type == "agent")
            .filter_map(|m| m.sender_id)
            .collect();
        let users: HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let agents: HashMap<i64, String> = agent::Entity::find()
            .filter(agent::Column::TeamId.eq(team_id))
            .filter(agent::Column::Id.is_in(agent_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let contact_name = contact
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "Contact".to_string());
        let messages = messages
            .into_iter()
            .map(|m| {
                let sender_type: SenderType = m.sender_type.parse().unwrap_or(SenderType::User);
                let sender_name = match sender_type {
                    SenderType::Contact => contact_name.clone(),
                    SenderType::User => m
                        .sender_id
                        .and_then(|id| users.get(&id).cloned())
                        .unwrap_or_else(|| "Team member".into()),
                    SenderType::Agent => m
                        .sender_id
                        .and_then(|id| agents.get(&id).cloned())
                        .unwrap_or_else(|| "Bot".into()),
                };
                MessageView {
                    id: m.id,
                    body: m.body,
                    message_type: m.message_type.parse().unwrap_or(MessageType::Note),
                    sender_type,
                    sender_name,
                    is_draft: m.is_draft,
                    delivery_status: m.delivery_status,
                    created_at: m.created_at,
                }
            })
            .collect();
        let reply_types: Vec<MessageType> = InboxService::active_channels(db, team_id, inbox.id)
            .await?
            .iter()
            .filter_map(|c| c.channel_type.parse().ok())
            .filter(|t| matches!(t, MessageType::Email | MessageType::Note))
            .collect();
        Ok(ConversationDetail {
            id: conv.id,
            uuid: conv.uuid,
            subject: conv.subject,
            status: conv.status.parse().unwrap_or(ConversationStatus::Active),
            is_starred: conv.is_starred,
            inbox_id: inbox.id,
            inbox_name: inbox.name,
            contact: contact.map(|c| ContactSummary {
                id: c.id,
                name: c.name,
                email: c.email,
                phone: c.phone,
            }),
            assignee_name,
            tags: Self::tags(db, team_id, conv.id).await?,
            reply_types,
            messages,
            created_at: conv.created_at,
        })
    }

    async fn tags(
        db: &DatabaseConnection,
        team_id: i64,
        conversation_id: i64,
    ) -> ServiceResult<Vec<TagView>> {
        let links = conversation_tag::Entity::find()
            .filter(conversation_tag::Column::ConversationId.eq(conversation_id))
            .all(db)
            .await?;
        let ids: Vec<i64> = links.iter().map(|l| l.tag_id).collect();
        Ok(tag::Entity::find()
            .filter(tag::Column::TeamId.eq(team_id))
            .filter(tag::Column::Id.is_in(ids))
            .order_by_asc(tag::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|t| TagView {
                id: t.id,
                name: t.name,
                color: t.color,
            })
            .collect())
    }

    /// Appends the actor's reply (email or note) and returns the updated conversation.
    /// Email needs an active email channel in the inbox and a contact with an email address.
    pub async fn reply(
        db: &DatabaseConnection,
        actor: &Actor,
        conversation_id: i64,
        message_type: MessageType,
        body: &str,
    ) -> ServiceResult<ConversationDetail> {
        let body = validation::required_text("body", body, MESSAGE_BODY_MAX)?;
        let conv = Self::find(db, actor, conversation_id).await?;
        if !matches!(message_type, MessageType::Email | MessageType::Note) {
            return Err(ServiceError::invalid(
                "message_type",
                "Replies from the inbox are emails or notes.",
            ));
        }
        let channel = InboxService::active_channels(db, actor.team_id, conv.inbox_id)
            .await?
            .into_iter()
            .find(|c| c.channel_type == message_type.as_str())
            .ok_or_else(|| {
                ServiceError::invalid(
                    "message_type",
                    format!("This inbox has no active {} channel.", message_type.label()),
                )
            })?;
        if message_type == MessageType::Email {
            let email = match conv.contact_id {
                Some(cid) => contact::Entity::find_by_id(cid)
                    .filter(contact::Column::TeamId.eq(actor.team_id))
                    .one(db)
                    .await?
                    .and_then(|c| c.email),
                None => None,
            };
            if email.is_none() {
                return Err(ServiceError::invalid(
                    "message_type",
                    "The contact has no email address: add a note instead.",
                ));
            }
        }
        let now = Utc::now();
        let txn = db.begin().await?;
        let reply = NewMessage {
            message_type,
            body,
            sender_type: SenderType::User,
            sender_id: Some(actor.user_id),
            created_at: now,
        };
        message_row(actor.team_id, conv.id, Some(channel.id), reply)
            .insert(&txn)
            .await?;
        let mut active: conversation::ActiveModel = conv.into();
        active.last_message_at = Set(Some(now));
        active.updated_at = Set(now);
        active.is_read = Set(true);
        let conv = active.update(&txn).await?;
        txn.commit().await?;
        Self::detail(db, actor, conv).await
    }

    /// Sets the status (active, pending, closed).
    pub async fn set_status(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        status: ConversationStatus,
    ) -> ServiceResult<ConversationDetail> {
        let conv = Self::find(db, actor, id).await?;
        let mut active: conversation::ActiveModel = conv.into();
        active.status = Set(status.as_str().to_string());
        active.updated_at = Set(Utc::now());
        let conv = active.update(db).await?;
        Self::detail(db, actor, conv).await
    }

    /// Adds a tag by name, creating the team's tag with the default color when it is new.
    pub async fn add_tag(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        name: &str,
    ) -> ServiceResult<ConversationDetail> {
        let name = validation::required_text("tag", name, 50)?;
        let conv = Self::find(db, actor, id).await?;
        let txn = db.begin().await?;
        let existing = tag::Entity::find()
            .filter(tag::Column::TeamId.eq(actor.team_id))
            .filter(tag::Column::Name.eq(name.as_str()))
            .one(&txn)
            .await?;
        let tag = match existing {
            Some(t) => t,
            None => {
                tag::ActiveModel {
                    team_id: Set(actor.team_id),
                    name: Set(name),
                    color: Set(DEFAULT_TAG_COLOR.to_string()),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        let linked = conversation_tag::Entity::find_by_id((conv.id, tag.id))
            .one(&txn)
            .await?;
        if linked.is_none() {
            conversation_tag::ActiveModel {
                conversation_id: Set(conv.id),
                tag_id: Set(tag.id),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        Self::detail(db, actor, conv).await
    }

    /// Removes a tag from the conversation (the tag itself stays in the team).
    pub async fn remove_tag(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        tag_id: i64,
    ) -> ServiceResult<ConversationDetail> {
        let conv = Self::find(db, actor, id).await?;
        conversation_tag::Entity::delete_by_id((conv.id, tag_id))
            .exec(db)
            .await?;
        Self::detail(db, actor, conv).await
    }

    /// Creates a conversation with its messages in one transaction (demo data and CLI).
    pub async fn create_with_messages(
        db: &DatabaseConnection,
        team_id: i64,
        new: NewConversation,
        messages: Vec<NewMessage>,
    ) -> ServiceResult<conversation::Model> {
        // Read before the transaction: in-memory SQLite has one connection, which the transaction holds.
        let channels = InboxService::active_channels(db, team_id, new.inbox_id).await?;
        let txn = db.begin().await?;
        let last = messages
            .iter()
            .map(|m| m.created_at)
            .max()
            .unwrap_or(new.created_at);
        let last_from_contact = messages
            .iter()
            .max_by_key(|m| m.created_at)
            .is_some_and(|m| m.sender_type == SenderType::Contact);
        let conv = conversation::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            team_id: Set(team_id),
            inbox_id: Set(new.inbox_id),
            contact_id: Set(new.contact_id),
            assignee_id: Set(new.assignee_id),
            subject: Set(new.subject),
            status: Set(new.status.as_str().to_string()),
            is_read: Set(!last_from_contact || new.status == ConversationStatus::Closed),
            is_archived: Set(false),
            is_starred: Set(false),
            last_message_at: Set(Some(last)),
            created_at: Set(new.created_at),
            updated_at: Set(last),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for m in messages {
            let channel_id = channels
                .iter()
                .find(|c| c.channel_type == m.message_type.as_str())
                .map(|c| c.id);
            message_row(team_id, conv.id, channel_id, m)
                .insert(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(conv)
    }
}

/// The row for a sent (not draft) message; delivery is not tracked until a transport exists.
fn message_row(
    team_id: i64,
    conversation_id: i64,
    channel_id: Option<i64>,
    m: NewMessage,
) -> message::ActiveModel {
    message::ActiveModel {
        team_id: Set(team_id),
        conversation_id: Set(conversation_id),
        inbox_channel_id: Set(channel_id),
        message_type: Set(m.message_type.as_str().to_string()),
        body: Set(m.body),
        is_draft: Set(false),
        delivery_status: Set(None),
        sender_type: Set(m.sender_type.as_str().to_string()),
        sender_id: Set(m.sender_id),
        cc: Set(serde_json::json!([])),
        bcc: Set(serde_json::json!([])),
        created_at: Set(m.created_at),
        updated_at: Set(m.created_at),
        ..Default::default()
    }
}

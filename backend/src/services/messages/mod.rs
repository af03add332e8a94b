//! Messages for the REST API: the polling list across conversations and one message with its
//! conversation, channel and sender.

use crate::actor::Actor;
use crate::entities::{attachment, conversation, inbox_channel, message};
use crate::error::{ServiceError, ServiceResult};
use crate::services::senders::{self, Sender};
use crate::services::{Listed, Window, oldest_first};

mod create;
mod fields;

use chrono::{DateTime, Utc};
pub use fields::NewApiMessage;
use model::MessageType;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Message queries for the API.
pub struct MessageService;

/// What the API's message list filters by (all combinable).
#[derive(Debug, Clone, Default)]
pub struct MessageQuery {
    /// Only messages created strictly after this instant.
    pub created_after: Option<DateTime<Utc>>,
    /// Only this conversation's.
    pub conversation_id: Option<i64>,
    /// Only messages of conversations in this inbox.
    pub inbox_id: Option<i64>,
    /// Only this type.
    pub message_type: Option<MessageType>,
}

/// A message with what the API shows alongside it.
#[derive(Debug, Clone)]
pub struct ApiMessage {
    /// The row.
    pub message: message::Model,
    /// Its conversation.
    pub conversation: conversation::Model,
    /// The channel it went (or goes) out through, if any.
    pub channel: Option<inbox_channel::Model>,
    /// Who wrote it.
    pub sender: Sender,
    /// Attached files, oldest first.
    pub attachments: Vec<attachment::Model>,
}

impl MessageService {
    /// The team's messages matching `query`, oldest first (`created_at`, then `id`).
    pub async fn list_oldest_first(
        db: &DatabaseConnection,
        actor: &Actor,
        query: &MessageQuery,
        window: Window,
    ) -> ServiceResult<Listed<ApiMessage>> {
        let mut select = message::Entity::find().filter(message::Column::TeamId.eq(actor.team_id));
        if let Some(after) = query.created_after {
            select = select.filter(message::Column::CreatedAt.gt(after));
        }
        if let Some(id) = query.conversation_id {
            select = select.filter(message::Column::ConversationId.eq(id));
        }
        if let Some(inbox_id) = query.inbox_id {
            select = select.filter(
                message::Column::ConversationId.in_subquery(
                    Query::select()
                        .column(conversation::Column::Id)
                        .from(conversation::Entity)
                        .and_where(conversation::Column::TeamId.eq(actor.team_id))
                        .and_where(conversation::Column::InboxId.eq(inbox_id))
                        .to_owned(),
                ),
            );
        }
        if let Some(t) = query.message_type {
            select = select.filter(message::Column::MessageType.eq(t.as_str()));
        }
        let listed = oldest_first(
            db,
            select,
            (message::Column::CreatedAt, message::Column::Id),
            window,
        )
        .await?;
        let rows = Self::with_relations(db, actor, listed.rows).await?;
        Ok(Listed {
            rows,
            total: listed.total,
        })
    }

    /// One of the team's messages.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ApiMessage> {
        let row = message::Entity::find_by_id(id)
            .filter(message::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Self::with_relations(db, actor, vec![row])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound)
    }

    /// One of the team's attachments.
    pub async fn attachment(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<attachment::Model> {
        attachment::Entity::find_by_id(id)
            .filter(attachment::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Loads conversations, channels and senders for `rows` in a handful of queries.
    async fn with_relations(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: Vec<message::Model>,
    ) -> ServiceResult<Vec<ApiMessage>> {
        let conversations: HashMap<i64, conversation::Model> = conversation::Entity::find()
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::Id.is_in(rows.iter().map(|m| m.conversation_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let channels: HashMap<i64, inbox_channel::Model> = inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(actor.team_id))
            .filter(inbox_channel::Column::Id.is_in(rows.iter().filter_map(|m| m.inbox_channel_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut senders = senders::resolve(db, actor.team_id, &rows).await?;
        let mut files: HashMap<i64, Vec<attachment::Model>> = HashMap::new();
        for a in attachment::Entity::find()
            .filter(attachment::Column::TeamId.eq(actor.team_id))
            .filter(attachment::Column::MessageId.is_in(rows.iter().map(|m| m.id)))
            .order_by_asc(attachment::Column::Id)
            .all(db)
            .await?
        {
            files.entry(a.message_id).or_default().push(a);
        }
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            let conversation = conversations
                .get(&m.conversation_id)
                .cloned()
                .ok_or_else(|| {
                    ServiceError::Internal(format!("conversation of message {} missing", m.id))
                })?;
            let sender = senders.remove(&m.id).ok_or_else(|| {
                ServiceError::Internal(format!("sender of message {} missing", m.id))
            })?;
            let channel = m.inbox_channel_id.and_then(|id| channels.get(&id)).cloned();
            out.push(ApiMessage {
                attachments: files.remove(&m.id).unwrap_or_default(),
                message: m,
                conversation,
                channel,
                sender,
            });
        }
        Ok(out)
    }
}

//! Conversations as the REST API reads them: the polling list (oldest first) and one conversation
//! with its thread, all in the caller's team.

use super::ConversationService;
use crate::actor::Actor;
use crate::entities::{contact, conversation, conversation_tag, inbox, message, tag, user};
use crate::error::{ServiceError, ServiceResult};
use crate::services::senders::{self, Sender};
use crate::services::{Listed, Window, oldest_first};
use chrono::{DateTime, Utc};
use model::ConversationStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
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

fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl ConversationService {
    /// The team's conversations matching `query`, oldest first (`created_at`, then `id`).
    pub async fn list_oldest_first(
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
    pub async fn find_with_thread(
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
}

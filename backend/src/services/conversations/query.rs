//! Conversation reads for the inbox: the list, one conversation, its thread.

use super::{CONVERSATIONS_PER_PAGE, ConversationService};
use crate::actor::Actor;
use crate::entities::{
    contact, conversation, conversation_tag, inbox, inbox_channel, message, tag, user,
};
use crate::error::{ServiceError, ServiceResult};
use crate::events::{self, Change};
use crate::services::channels::is_sendable;
use crate::services::inboxes::InboxService;
use crate::services::senders;
use model::contact::ContactSummary;
use model::conversation::{
    ConversationDetail, ConversationFilter, ConversationListItem, MessageView, TagView,
    preview_text,
};
use model::event::{ConversationChange, ConversationUpdated, EventData};
use model::page::{Page, offset_for};
use model::{MessageType, SenderType};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

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
            .map(|c| {
                Ok(ConversationListItem {
                    status: c.status()?,
                    id: c.id,
                    subject: c.subject,
                    is_read: c.is_read,
                    is_starred: c.is_starred,
                    inbox_name: inbox_names.get(&c.inbox_id).cloned().unwrap_or_default(),
                    contact_name: c.contact_id.and_then(|id| contacts.get(&id).cloned()),
                    preview: previews.get(&c.id).cloned(),
                    last_message_at: c.last_message_at,
                })
            })
            .collect::<ServiceResult<_>>()?;
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

    /// The conversation with its thread, as an agent reads it. Reading changes nothing: the
    /// browser marks it read with [`mark_read`](Self::mark_read) once the agent sees it.
    pub async fn view(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ConversationDetail> {
        let conv = Self::find(db, actor, id).await?;
        Self::detail(db, actor, conv).await
    }

    /// Marks one of the team's conversations and its received messages read.
    pub async fn mark_read(db: &DatabaseConnection, actor: &Actor, id: i64) -> ServiceResult<()> {
        let conv = Self::find(db, actor, id).await?;
        let txn = db.begin().await?;
        if !conv.is_read {
            let mut active: conversation::ActiveModel = conv.clone().into();
            active.is_read = Set(true);
            active.update(&txn).await?;
            // Unread counts change for every member, so it is news for their inboxes.
            let read = Change::new(
                actor.team_id,
                EventData::ConversationUpdated(ConversationUpdated {
                    id: conv.id,
                    changed: vec![ConversationChange::Read],
                }),
            );
            events::record(&txn, read).await?;
        }
        message::Entity::update_many()
            .col_expr(message::Column::IsRead, Expr::value(true))
            .filter(message::Column::TeamId.eq(actor.team_id))
            .filter(message::Column::ConversationId.eq(conv.id))
            .filter(message::Column::IsRead.eq(false))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    pub(super) async fn detail(
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
        let mut senders = senders::resolve(db, team_id, &messages).await?;
        let contact_name = contact
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "Contact".to_string());
        let messages = messages
            .into_iter()
            .map(|m| {
                let sender = senders.remove(&m.id);
                let sender_type = sender.as_ref().map_or(SenderType::User, |s| s.sender_type);
                // A received message without a sender id is from the conversation's contact.
                let sender_name = match sender {
                    Some(s) if s.sender_type == SenderType::Contact && s.id.is_none() => {
                        contact_name.clone()
                    }
                    Some(s) => s.name,
                    None => "Team member".into(),
                };
                Ok(MessageView {
                    message_type: m.message_type()?,
                    id: m.id,
                    body: m.body,
                    sender_type,
                    sender_name,
                    is_draft: m.is_draft,
                    delivery_status: m.delivery_status,
                    delivery_error: m.delivery_error,
                    created_at: m.created_at,
                })
            })
            .collect::<ServiceResult<_>>()?;
        // Email when the inbox has a channel that can send it; notes always (they stay internal).
        let channels = InboxService::channels_of(db, team_id, inbox.id).await?;
        let email = |c: &&inbox_channel::Model| c.channel_type == MessageType::Email.as_str();
        let mut reply_types = Vec::new();
        if channels.iter().filter(email).any(is_sendable) {
            reply_types.push(MessageType::Email);
        }
        let email_unconnected = reply_types.is_empty() && channels.iter().any(|c| email(&c));
        reply_types.push(MessageType::Note);
        let visitor = Some(conv.visit())
            .filter(|v| !v.is_empty())
            .or_else(|| contact.as_ref().map(contact::Model::last_visit))
            .unwrap_or_default();
        Ok(ConversationDetail {
            visitor,
            status: conv.status()?,
            id: conv.id,
            uuid: conv.uuid,
            subject: conv.subject,
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
            email_unconnected,
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
}

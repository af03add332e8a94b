//! Conversation writes for the inbox: replies, status, tags, and seeding with messages.

use super::{
    ConversationService, NewConversation, NewMessage, TAG_NAME_MAX, message_row, tag_named,
};
use crate::actor::Actor;
use crate::entities::{conversation, conversation_tag};
use crate::error::{ServiceError, ServiceResult};
use crate::events::{self, Change};
use crate::services::inboxes::InboxService;
use crate::services::messages::{MessageService, NewApiMessage};
use crate::state::AppState;
use chrono::Utc;
use model::conversation::ConversationDetail;
use model::event::{
    ConversationChange, ConversationUpdated, EventData, ResourceRef, StatusChanged,
};
use model::validation;
use model::{ConversationStatus, MessageType, SenderType};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};

impl ConversationService {
    /// Appends the actor's reply (email or note) and returns the updated conversation. It is the
    /// REST API's message creation with the inbox's defaults: an email goes out through the
    /// inbox's connected Email channel (`sending`, then `sent` or `failed`); a note stays internal.
    pub async fn reply(
        state: &AppState,
        actor: &Actor,
        conversation_id: i64,
        message_type: MessageType,
        body: &str,
    ) -> ServiceResult<ConversationDetail> {
        if !matches!(message_type, MessageType::Email | MessageType::Note) {
            return Err(ServiceError::invalid(
                "message_type",
                "Replies from the inbox are emails or notes.",
            ));
        }
        let new = NewApiMessage {
            body: Some(body.to_string()),
            message_type: Some(message_type.as_str().to_string()),
            ..Default::default()
        };
        MessageService::create(state, actor, conversation_id, new).await?;
        let conv = Self::find(&state.db, actor, conversation_id).await?;
        Self::detail(&state.db, actor, conv).await
    }

    /// Sets the status (active, pending, closed). A change is news for webhooks:
    /// `conversation.status_changed`, and on closing also `conversation.closed` and the
    /// transcript, all written with the change.
    pub async fn set_status(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        status: ConversationStatus,
    ) -> ServiceResult<ConversationDetail> {
        let conv = Self::find(db, actor, id).await?;
        let previous = conv.status()?;
        let mut active: conversation::ActiveModel = conv.into();
        active.status = Set(status.as_str().to_string());
        active.updated_at = Set(Utc::now());
        let txn = db.begin().await?;
        let conv = active.update(&txn).await?;
        if previous != status {
            let about = |data| Change::new(actor.team_id, data);
            let changed = StatusChanged {
                id: conv.id,
                status,
                previous_status: previous,
            };
            let it = ResourceRef { id: conv.id };
            events::record(&txn, about(EventData::ConversationStatusChanged(changed))).await?;
            if status == ConversationStatus::Closed {
                events::record(&txn, about(EventData::ConversationClosed(it))).await?;
                events::record(&txn, about(EventData::ConversationTranscript(it))).await?;
            }
        }
        txn.commit().await?;
        Self::detail(db, actor, conv).await
    }

    /// Adds a tag by name, creating the team's tag with the default color when it is new.
    pub async fn add_tag(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        name: &str,
    ) -> ServiceResult<ConversationDetail> {
        let name = validation::required_text("tag", name, TAG_NAME_MAX)?;
        let conv = Self::find(db, actor, id).await?;
        let txn = db.begin().await?;
        let tag = tag_named(&txn, actor.team_id, &name).await?;
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
            events::record(&txn, tags_changed(&conv)).await?;
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
        let txn = db.begin().await?;
        let removed = conversation_tag::Entity::delete_by_id((conv.id, tag_id))
            .exec(&txn)
            .await?;
        if removed.rows_affected > 0 {
            events::record(&txn, tags_changed(&conv)).await?;
        }
        txn.commit().await?;
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
        let created = Change::new(
            team_id,
            EventData::ConversationCreated(ResourceRef { id: conv.id }),
        );
        events::record(&txn, created).await?;
        txn.commit().await?;
        Ok(conv)
    }
}

/// `conversation.updated` for a change of `conv`'s tags.
fn tags_changed(conv: &conversation::Model) -> Change {
    Change::new(
        conv.team_id,
        EventData::ConversationUpdated(ConversationUpdated {
            id: conv.id,
            changed: vec![ConversationChange::Tags],
        }),
    )
}

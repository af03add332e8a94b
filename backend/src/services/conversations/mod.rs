//! Conversations, their threads, replies, status and tags: the UI's inbox (`query`, `mutation`)
//! the REST API's list and read (`api`), and creation from a request (`create`).

mod api;
mod create;
mod mutation;
mod query;

pub use api::{ApiConversation, ConversationQuery};
pub use create::NewApiConversation;

use crate::entities::{conversation, message, tag};
use crate::error::ServiceResult;
use crate::services::contacts::ContactService;
use chrono::{DateTime, Utc};
use model::visitor::Visitor;
use model::{ConversationStatus, MessageType, SenderType};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Keeps `visit` as `conv`'s latest visit and its contact's last one, in `conn`'s transaction.
pub(crate) async fn record_visit(
    conn: &impl ConnectionTrait,
    conv: &conversation::Model,
    visit: &Visitor,
) -> ServiceResult<()> {
    conversation::Entity::update_many()
        .col_expr(
            conversation::Column::Visitor,
            Expr::value(serde_json::to_value(visit).ok()),
        )
        .filter(conversation::Column::TeamId.eq(conv.team_id))
        .filter(conversation::Column::Id.eq(conv.id))
        .exec(conn)
        .await?;
    if let Some(contact_id) = conv.contact_id {
        ContactService::record_visit(conn, conv.team_id, contact_id, visit).await?;
    }
    Ok(())
}

/// Longest tag name.
pub const TAG_NAME_MAX: usize = 50;

/// The team's tag called `name`, created with the default color when it is new.
pub(crate) async fn tag_named(
    conn: &impl ConnectionTrait,
    team_id: i64,
    name: &str,
) -> ServiceResult<tag::Model> {
    let existing = tag::Entity::find()
        .filter(tag::Column::TeamId.eq(team_id))
        .filter(tag::Column::Name.eq(name))
        .one(conn)
        .await?;
    if let Some(t) = existing {
        return Ok(t);
    }
    Ok(tag::ActiveModel {
        team_id: Set(team_id),
        name: Set(name.to_string()),
        color: Set(DEFAULT_TAG_COLOR.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

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

/// The row for a sent (not draft) message; delivery is not tracked until a transport exists.
pub(crate) fn message_row(
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
        // What the team receives is unread until someone opens the conversation.
        is_read: Set(m.sender_type != SenderType::Contact),
        external_message_id: Set(None),
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

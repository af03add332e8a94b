//! The `messages` table.

use sea_orm::entity::prelude::*;

/// One row of `messages`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub conversation_id: i64,
    pub inbox_channel_id: Option<i64>,
    pub message_type: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub is_draft: bool,
    pub delivery_status: Option<String>,
    pub sender_type: String,
    pub sender_id: Option<i64>,
    pub is_read: bool,
    pub external_message_id: Option<String>,
    pub cc: Json,
    pub bcc: Json,
    /// The contact it goes to, when not the conversation's own (entity conversations).
    pub contact_id: Option<i64>,
    /// Why the last delivery attempt failed.
    pub delivery_error: Option<String>,
    /// Delivery attempts made so far.
    pub delivery_attempts: i32,
    /// When the next attempt is due (while `sending`).
    pub delivery_due_at: Option<DateTimeUtc>,
    /// Until when a worker holds the message.
    pub delivery_lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

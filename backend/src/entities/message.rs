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
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! The `conversations` table.

use sea_orm::entity::prelude::*;

/// One row of `conversations`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub team_id: i64,
    pub inbox_id: i64,
    pub contact_id: Option<i64>,
    /// The record an entity inbox's conversation is about.
    pub custom_entity_record_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub subject: String,
    pub status: String,
    pub is_read: bool,
    pub is_archived: bool,
    pub is_starred: bool,
    pub last_message_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

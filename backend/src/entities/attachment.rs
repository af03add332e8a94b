//! The `attachments` table: files attached to messages, stored under the data folder.

use sea_orm::entity::prelude::*;

/// One row of `attachments`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub message_id: i64,
    /// The name the file had where it came from.
    pub file_name: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// The file's name under `<data>/attachments/` (random, never user-chosen).
    pub storage_key: String,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

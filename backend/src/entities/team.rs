//! The `teams` table.

use sea_orm::entity::prelude::*;

/// One row of `teams`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "teams")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(unique)]
    pub slug: String,
    pub created_at: DateTimeUtc,
    /// Bumped by database triggers on every change to the team's data (see migration 9).
    pub data_generation: i64,
    /// Bumped by database triggers on every change to the team's integrations or their inbox
    /// attachments (see migration 20).
    pub integrations_generation: i64,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

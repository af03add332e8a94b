//! The `team_members` table.

use sea_orm::entity::prelude::*;

/// One row of `team_members`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "team_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub user_id: i64,
    pub role: String,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

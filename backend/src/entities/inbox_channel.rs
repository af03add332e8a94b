//! The `inbox_channels` table.

use sea_orm::entity::prelude::*;

/// One row of `inbox_channels`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbox_channels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub inbox_id: i64,
    pub channel_type: String,
    pub name: String,
    pub is_active: bool,
    /// `smtp` or `webhook`; without one the channel cannot send.
    pub driver: Option<String>,
    /// The driver's settings as JSON, secret fields sealed.
    #[sea_orm(column_type = "Text", nullable)]
    pub driver_settings: Option<String>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

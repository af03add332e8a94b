//! The `inbox_integrations` table: which integrations an inbox runs, in which order.

use sea_orm::entity::prelude::*;

/// One integration attached to one inbox.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbox_integrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub inbox_id: i64,
    pub integration_id: i64,
    /// Attached but switched off for this inbox.
    pub enabled: bool,
    /// Display order within the inbox, from 0.
    pub position: i32,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! The `team_event_horizons` table: per team, the newest event id pruned from the log.

use sea_orm::entity::prelude::*;

/// How far back a team's log has been pruned.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "team_event_horizons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub team_id: i64,
    /// Events of the team with this id or lower may be gone.
    pub pruned_through: i64,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

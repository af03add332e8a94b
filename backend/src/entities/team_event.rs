//! The `team_events` table, the team event log: one row per change agents should see, written
//! in the change's transaction; ids grow in commit order.

use sea_orm::entity::prelude::*;

/// One logged change.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "team_events")]
pub struct Model {
    /// The stream's event id (`Last-Event-ID`).
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    /// An [`EventType`](model::webhook::EventType) name.
    pub event_type: String,
    /// Whether it reveals an internal note (only note readers see it).
    pub about_note: bool,
    /// The resource's ids and what the change knew.
    pub data: Json,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! The `webhook_attempts` table: the delivery log (no secrets; a short excerpt of the answer).

use sea_orm::entity::prelude::*;

/// One attempt to deliver.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub delivery_id: i64,
    pub attempted_at: DateTimeUtc,
    /// The receiver's status, when it answered.
    pub http_status: Option<i32>,
    pub duration_ms: i64,
    /// The start of its answer, as text.
    pub response_excerpt: Option<String>,
    /// Why it failed, in safe words.
    pub error: Option<String>,
    /// When the next attempt is due, if there will be one.
    pub next_retry_at: Option<DateTimeUtc>,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

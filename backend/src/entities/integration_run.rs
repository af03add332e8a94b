//! The `integration_runs` table: each integration's run log (no bodies, no secrets).

use sea_orm::entity::prelude::*;

/// One call of an integration (or a skip, or a test).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub integration_id: i64,
    pub contact_id: Option<i64>,
    /// Who ran it; `None` for background pre-warming.
    pub user_id: Option<i64>,
    /// `profile`, `refresh`, `api`, `prewarm` or `test`.
    pub trigger: String,
    /// `ok`, `error` or `skipped`.
    pub status: String,
    pub http_status: Option<i32>,
    pub duration_ms: i64,
    /// A short, safe error message.
    pub error: Option<String>,
    /// How a failed run failed (`FailureKind`'s name).
    pub failure: Option<String>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

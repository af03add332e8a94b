//! The `integration_health_minutes` table: what one replica saw of one integration in one minute
//! (insert-only; the console adds the rows up).

use sea_orm::entity::prelude::*;

/// One integration's minute as one replica saw it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_health_minutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub integration_id: i64,
    /// The minute's start.
    pub minute: DateTimeUtc,
    /// The replica that wrote it (a random id per process).
    pub replica: String,
    pub calls: i64,
    pub failures: i64,
    pub cache_hits: i64,
    pub stale_served: i64,
    pub breaker_openings: i64,
    /// Calls per latency bucket (`model::integration::health::LATENCY_BOUNDS_MS`), a JSON array.
    pub latency: Json,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

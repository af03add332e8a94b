//! The `integrations` table: a team's contact integrations.

use sea_orm::entity::prelude::*;

/// One row of `integrations`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "integrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Associated data of `sealed_secrets`; never changes.
    pub uuid: String,
    pub team_id: i64,
    pub name: String,
    pub description: String,
    /// GET, POST, PUT, PATCH or DELETE.
    pub method: String,
    pub url: String,
    /// `[{name, value, secret}]`; secret values are empty here and live in `sealed_secrets`.
    pub headers: Json,
    /// `[{name, value}]`.
    pub query_params: Json,
    /// Secret header values and the body template, sealed together.
    pub sealed_secrets: Option<String>,
    pub cache_minutes: i32,
    /// Minutes past the cache duration a successful answer is still shown when calls fail.
    pub stale_minutes: i32,
    /// Show an expired answer at once while a fresh call runs.
    pub revalidate: bool,
    /// Calls a minute to the system from one replica (0: no limit).
    pub calls_per_minute: i32,
    /// Unavailable calls in a row that open its circuit breaker.
    pub breaker_failures: i32,
    /// How long the breaker stays open before a probe.
    pub breaker_cooldown_seconds: i32,
    pub timeout_seconds: i32,
    pub follow_redirects: bool,
    pub is_active: bool,
    pub display_enabled: bool,
    pub run_when_email_known: bool,
    /// The conditions that must all hold for it to run (`[{path, op, value}]`; none: always).
    pub run_conditions: Option<Json>,
    /// What a card whose conditions fail shows: `hide` or `explain`.
    pub skipped_card: String,
    /// The health last announced (`ok` or `degraded`; `integration.health_changed`).
    pub health: String,
    /// The built-in demo (`chatlane demo`): its calls may reach the server's own `/demo/crm/`.
    pub builtin_demo: bool,
    pub template: Option<Json>,
    /// The last successful test response (the template builder's sample).
    pub sample_data: Option<Json>,
    /// Bumped on every edit.
    pub version: i64,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

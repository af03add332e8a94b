//! The `webhooks` table: a team's outgoing webhook endpoints.

use sea_orm::entity::prelude::*;

/// One endpoint.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Associated data of the sealed secrets.
    pub uuid: String,
    pub team_id: i64,
    pub url: String,
    pub description: String,
    /// The subscribed event types, a JSON array of names.
    pub events: Json,
    pub is_active: bool,
    /// Whether internal notes are sent to it (transcripts, threads, `message.created`).
    pub include_internal_notes: bool,
    /// `chatlane` or `chatlio` (a [`model::webhook::PayloadFormat`]).
    pub payload_format: String,
    /// The signing secret (`whsec_…`), sealed.
    pub sealed_secret: String,
    /// The secret before the last rotation, still signed with until `previous_secret_expires_at`.
    pub sealed_previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTimeUtc>,
    /// Why the server switched it off (a 410, or failing for 5 days).
    pub disabled_reason: Option<String>,
    /// The first failure since the last success.
    pub failing_since: Option<DateTimeUtc>,
    pub last_success_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

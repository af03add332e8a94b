//! The `webhook_deliveries` table, the outbox: one event for one webhook, its exact body, state
//! and lease.

use sea_orm::entity::prelude::*;

/// One event to deliver to one webhook.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The `webhook-id` header: the same on every attempt (the receiver's idempotency key).
    pub message_id: String,
    pub team_id: i64,
    pub webhook_id: i64,
    pub event_type: String,
    /// What the change knew (`{"type", "timestamp", "data": {ids}}`), until the body is rendered.
    pub reference: Option<Json>,
    /// The JSON body exactly as signed and sent (empty until rendered from `reference`).
    pub body: String,
    /// `pending`, `succeeded` or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// Held by a worker until then.
    pub lease_until: Option<DateTimeUtc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

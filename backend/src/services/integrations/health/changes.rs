//! `integration.health_changed`: when a breaker opens (degraded) or a probe closes it again
//! (recovered), the change is announced once — to the live streams and the team's webhooks — by
//! whichever replica flips `integrations.health` first (a conditional update in the event's own
//! transaction), so N replicas whose breakers all open send one event, not N.

use super::super::breaker::BreakerChange;
use crate::entities::integration;
use crate::error::ServiceResult;
use crate::events::{self, Change};
use model::event::{EventData, IntegrationHealth, IntegrationHealthChanged};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

/// The stored health after `health`.
fn stored(health: IntegrationHealth) -> &'static str {
    match health {
        IntegrationHealth::Degraded => "degraded",
        IntegrationHealth::Recovered => "ok",
    }
}

/// Announces `change` of the team's integration unless it is already announced; true when this
/// call announced it. `why` is the reason in words; `http_status` the last call's.
pub async fn announce(
    db: &DatabaseConnection,
    team_id: i64,
    integration_id: i64,
    change: BreakerChange,
    why: String,
    http_status: Option<u16>,
) -> ServiceResult<bool> {
    let txn = db.begin().await?;
    let flipped = integration::Entity::update_many()
        .col_expr(
            integration::Column::Health,
            Expr::value(stored(change.health)),
        )
        .filter(integration::Column::Id.eq(integration_id))
        .filter(integration::Column::TeamId.eq(team_id))
        .filter(integration::Column::Health.ne(stored(change.health)))
        .exec(&txn)
        .await?;
    if flipped.rows_affected == 0 {
        return Ok(false);
    }
    let Some(row) = integration::Entity::find_by_id(integration_id)
        .filter(integration::Column::TeamId.eq(team_id))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    let event = IntegrationHealthChanged {
        id: row.id,
        name: row.name,
        health: change.health,
        reason: why,
        failures_in_a_row: change.failures_in_a_row,
        breaker_threshold: change.threshold,
        http_status,
        retry_at: change.retry_at,
    };
    events::record(
        &txn,
        Change::new(team_id, EventData::IntegrationHealthChanged(event)),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// [`announce`] in the background: the card whose call changed the health is not held up, and a
/// failed write is only logged.
pub fn announce_later(
    db: &DatabaseConnection,
    team_id: i64,
    integration_id: i64,
    change: BreakerChange,
    why: String,
    http_status: Option<u16>,
) {
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = announce(&db, team_id, integration_id, change, why, http_status).await {
            tracing::warn!(error = %e, integration = integration_id, "could not announce an integration's health");
        }
    });
}

/// Why the health changed, in words: "5 calls in a row failed: …" or that a probe answered.
pub fn reason(change: &BreakerChange, last_error: Option<&str>) -> String {
    match change.health {
        IntegrationHealth::Degraded => format!(
            "{} call{} in a row failed because the API is not answering{}",
            change.failures_in_a_row,
            if change.failures_in_a_row == 1 {
                ""
            } else {
                "s"
            },
            last_error.map_or_else(|| ".".to_string(), |e| format!(": {e}"))
        ),
        IntegrationHealth::Recovered => {
            "A probe call after the cool-down answered: the API answers again.".to_string()
        }
    }
}

//! The health console: each of the team's integrations over a window — the minutes written by
//! every replica plus this replica's not yet written — with a chart and the last failures.

use super::recorder::HealthRecorder;
use crate::actor::Actor;
use crate::entities::{integration, integration_health_minute, integration_run};
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use model::integration::RunStatus;
use model::integration::health::{
    HealthFailure, HealthReport, HealthWindow, IntegrationHealth, LAST_FAILURES, Tally, chart,
    window_start,
};
use model::integration::stale::FailureKind;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Every integration of the actor's team over `window` ending at `now` (admins only).
pub async fn report(
    db: &DatabaseConnection,
    recorder: &HealthRecorder,
    actor: &Actor,
    window: HealthWindow,
    now: DateTime<Utc>,
) -> ServiceResult<HealthReport> {
    actor.require_admin()?;
    let from = window_start(window, now);
    let integrations = integration::Entity::find()
        .filter(integration::Column::TeamId.eq(actor.team_id))
        .order_by_asc(integration::Column::Name)
        .order_by_asc(integration::Column::Id)
        .all(db)
        .await?;
    let mut minutes: HashMap<i64, Vec<(DateTime<Utc>, Tally)>> = HashMap::new();
    let rows = integration_health_minute::Entity::find()
        .filter(integration_health_minute::Column::TeamId.eq(actor.team_id))
        .filter(integration_health_minute::Column::Minute.gte(from))
        .all(db)
        .await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    for row in rows {
        let tally = Tally {
            calls: count(row.calls),
            failures: count(row.failures),
            cache_hits: count(row.cache_hits),
            stale_served: count(row.stale_served),
            breaker_openings: count(row.breaker_openings),
            latency: serde_json::from_value(row.latency).unwrap_or_default(),
        };
        minutes
            .entry(row.integration_id)
            .or_default()
            .push((row.minute, tally));
    }
    for (key, tally) in recorder.pending_for(actor.team_id) {
        if key.minute >= from {
            minutes
                .entry(key.integration_id)
                .or_default()
                .push((key.minute, tally));
        }
    }
    let mut failures = last_failures(db, actor.team_id, from).await?;
    let mut out = Vec::with_capacity(integrations.len());
    for row in integrations {
        let theirs = minutes.remove(&row.id).unwrap_or_default();
        let mut tally = Tally::default();
        for (_, t) in &theirs {
            tally.add(t);
        }
        out.push(IntegrationHealth {
            integration_id: row.id,
            name: row.name,
            is_active: row.is_active,
            points: chart(window, now, &theirs),
            tally,
            last_failures: failures.remove(&row.id).unwrap_or_default(),
        });
    }
    Ok(HealthReport {
        window,
        until: now,
        integrations: out,
    })
}

/// Each integration's last failed calls since `from`, newest first, from the run log — one query
/// for the team (the log keeps each integration's last 50 runs, so it reads at most that many
/// per integration).
async fn last_failures(
    db: &DatabaseConnection,
    team_id: i64,
    from: DateTime<Utc>,
) -> ServiceResult<HashMap<i64, Vec<HealthFailure>>> {
    let runs = integration_run::Entity::find()
        .filter(integration_run::Column::TeamId.eq(team_id))
        .filter(integration_run::Column::Status.eq(RunStatus::Error.as_str()))
        .filter(integration_run::Column::CreatedAt.gte(from))
        // Cards the breaker or the budget answered without calling are not failed calls (the
        // breaker's openings are counted on their own).
        .filter(integration_run::Column::Failure.is_null().or(
            integration_run::Column::Failure.is_not_in([
                FailureKind::BreakerOpen.as_str(),
                FailureKind::OverBudget.as_str(),
            ]),
        ))
        .order_by_desc(integration_run::Column::Id)
        .all(db)
        .await?;
    let mut by_integration: HashMap<i64, Vec<HealthFailure>> = HashMap::new();
    for r in runs {
        let theirs = by_integration.entry(r.integration_id).or_default();
        if theirs.len() < LAST_FAILURES {
            theirs.push(HealthFailure {
                at: r.created_at,
                http_status: r.http_status.and_then(|s| u16::try_from(s).ok()),
                reason: r
                    .error
                    .unwrap_or_else(|| "The call failed without a reason.".to_string()),
            });
        }
    }
    Ok(by_integration)
}

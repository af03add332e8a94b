//! Pruning the event log: a team's events are kept for at least [`KEEP_FOR`], and its newest
//! [`KEEP_AT_LEAST`] events whatever their age; older ones go, and the newest id pruned becomes
//! the team's horizon (a resume from before it is told to reset).

use crate::entities::{team_event, team_event_horizon};
use crate::error::ServiceResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

/// Events younger than this are always kept.
pub const KEEP_FOR: Duration = Duration::hours(24);
/// A team's newest events, kept whatever their age.
pub const KEEP_AT_LEAST: u64 = 100_000;

/// Prunes every team's log as of `now`; returns how many events were removed.
pub async fn prune(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    keep_at_least: u64,
) -> ServiceResult<u64> {
    let cutoff = now - KEEP_FOR;
    let teams: Vec<i64> = team_event::Entity::find()
        .select_only()
        .column(team_event::Column::TeamId)
        .filter(team_event::Column::CreatedAt.lt(cutoff))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut removed = 0;
    for team_id in teams {
        // The id of the oldest event that must stay because it is among the newest ones.
        let kept_from: Option<i64> = team_event::Entity::find()
            .select_only()
            .column(team_event::Column::Id)
            .filter(team_event::Column::TeamId.eq(team_id))
            .order_by_desc(team_event::Column::Id)
            .offset(keep_at_least.saturating_sub(1))
            .limit(1)
            .into_tuple()
            .one(db)
            .await?;
        let Some(kept_from) = kept_from else { continue };
        let old = team_event::Entity::find()
            .select_only()
            .column_as(team_event::Column::Id.max(), "newest")
            .filter(team_event::Column::TeamId.eq(team_id))
            .filter(team_event::Column::CreatedAt.lt(cutoff))
            .filter(team_event::Column::Id.lt(kept_from))
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten();
        let Some(through) = old else { continue };
        let txn = db.begin().await?;
        team_event_horizon::Entity::insert(team_event_horizon::ActiveModel {
            team_id: Set(team_id),
            pruned_through: Set(through),
        })
        .on_conflict(
            OnConflict::column(team_event_horizon::Column::TeamId)
                .update_column(team_event_horizon::Column::PrunedThrough)
                .to_owned(),
        )
        .exec(&txn)
        .await?;
        removed += team_event::Entity::delete_many()
            .filter(team_event::Column::TeamId.eq(team_id))
            .filter(team_event::Column::Id.lte(through))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
    }
    Ok(removed)
}

/// Prunes every ten minutes, for ever (a replica each: pruning twice removes nothing more).
pub async fn run_pruner(db: sea_orm::DatabaseConnection) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match prune(&db, Utc::now(), KEEP_AT_LEAST).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "pruned the team event log"),
            Err(e) => tracing::warn!(error = %e, "pruning the team event log failed"),
        }
    }
}

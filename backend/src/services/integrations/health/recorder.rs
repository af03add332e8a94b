//! The per-replica tallies of integration health and their flush to the database.

use crate::entities::integration_health_minute;
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use model::integration::health::{Tally, minute_of};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One thing that happened to an integration's card or call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observation {
    /// A call to the API that answered (`ok`) or not, and how long it took.
    Call {
        /// It answered.
        ok: bool,
        /// Milliseconds.
        ms: u64,
    },
    /// A card answered from the cache.
    CacheHit,
    /// A card that showed the last good answer because the API was not answering.
    StaleServed,
    /// The breaker opened.
    BreakerOpened,
}

/// An integration's minute, in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MinuteKey {
    /// The team.
    pub team_id: i64,
    /// The integration.
    pub integration_id: i64,
    /// The minute's start.
    pub minute: DateTime<Utc>,
}

/// This replica's tallies not yet written (cheap to clone; clones share them).
#[derive(Debug, Clone)]
pub struct HealthRecorder {
    replica: Arc<str>,
    pending: Arc<Mutex<HashMap<MinuteKey, Tally>>>,
}

impl Default for HealthRecorder {
    fn default() -> Self {
        Self::new()
    }
}

impl HealthRecorder {
    /// A recorder with a replica id of its own.
    pub fn new() -> Self {
        HealthRecorder {
            replica: uuid::Uuid::new_v4().to_string().into(),
            pending: Arc::default(),
        }
    }

    /// Counts `what` for the team's integration at `at`.
    pub fn note(&self, team_id: i64, integration_id: i64, at: DateTime<Utc>, what: Observation) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        let key = MinuteKey {
            team_id,
            integration_id,
            minute: minute_of(at),
        };
        let tally = pending.entry(key).or_default();
        match what {
            Observation::Call { ok, ms } => tally.call(ok, ms),
            Observation::CacheHit => tally.cache_hits += 1,
            Observation::StaleServed => tally.stale_served += 1,
            Observation::BreakerOpened => tally.breaker_openings += 1,
        }
    }

    /// The team's minutes not yet written, by integration (the console adds them to the rows).
    pub fn pending_for(&self, team_id: i64) -> Vec<(MinuteKey, Tally)> {
        self.pending
            .lock()
            .map(|p| {
                p.iter()
                    .filter(|(k, _)| k.team_id == team_id)
                    .map(|(k, t)| (*k, t.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Writes every whole minute before `now`'s (one row per integration and minute, in one
    /// insert); returns the rows written. On failure the tallies are kept for the next flush.
    pub async fn flush(&self, db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<usize> {
        let current = minute_of(now);
        self.write(db, |k| k.minute < current).await
    }

    /// Writes everything, the current minute too (at shutdown).
    pub async fn flush_all(&self, db: &DatabaseConnection) -> ServiceResult<usize> {
        self.write(db, |_| true).await
    }

    async fn write(
        &self,
        db: &DatabaseConnection,
        due: impl Fn(&MinuteKey) -> bool,
    ) -> ServiceResult<usize> {
        let taken: Vec<(MinuteKey, Tally)> = match self.pending.lock() {
            Ok(mut pending) => {
                let keys: Vec<MinuteKey> = pending.keys().filter(|k| due(k)).copied().collect();
                keys.into_iter()
                    .filter_map(|k| pending.remove(&k).map(|t| (k, t)))
                    .collect()
            }
            Err(_) => return Ok(0),
        };
        if taken.is_empty() {
            return Ok(0);
        }
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let rows = taken
            .iter()
            .map(|(k, t)| integration_health_minute::ActiveModel {
                team_id: Set(k.team_id),
                integration_id: Set(k.integration_id),
                minute: Set(k.minute),
                replica: Set(self.replica.to_string()),
                calls: Set(count(t.calls)),
                failures: Set(count(t.failures)),
                cache_hits: Set(count(t.cache_hits)),
                stale_served: Set(count(t.stale_served)),
                breaker_openings: Set(count(t.breaker_openings)),
                latency: Set(serde_json::json!(t.latency)),
                ..Default::default()
            });
        match integration_health_minute::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
        {
            Ok(_) => Ok(taken.len()),
            Err(e) => {
                // Keep what could not be written: the next flush tries again.
                if let Ok(mut pending) = self.pending.lock() {
                    for (k, t) in taken {
                        pending.entry(k).or_default().add(&t);
                    }
                }
                Err(e.into())
            }
        }
    }
}

/// Removes minutes older than [`super::KEEP_DAYS`] days before `now`; returns how many.
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<u64> {
    let cutoff = now - chrono::Duration::days(super::KEEP_DAYS);
    let removed = integration_health_minute::Entity::delete_many()
        .filter(integration_health_minute::Column::Minute.lt(cutoff))
        .exec(db)
        .await?;
    Ok(removed.rows_affected)
}

/// Flushes this replica's whole minutes every minute and prunes old ones every hour, for as long
/// as the server runs (the server flushes the rest at shutdown).
pub async fn run_flusher(db: DatabaseConnection, recorder: HealthRecorder) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticks: u64 = 0;
    loop {
        tick.tick().await;
        let now = Utc::now();
        if let Err(e) = recorder.flush(&db, now).await {
            tracing::warn!(error = %e, "could not write integration health");
        }
        if ticks.is_multiple_of(60)
            && let Err(e) = prune(&db, now).await
        {
            tracing::warn!(error = %e, "could not prune integration health");
        }
        ticks += 1;
    }
}

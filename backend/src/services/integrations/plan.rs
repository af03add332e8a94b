//! What an inbox's profile sheet runs: its attached, enabled and active integrations, once each,
//! opened (secrets unsealed) and with each card's outline, in display order — kept per team,
//! inbox and the team's `integrations_generation`.
//!
//! Invariants:
//! - A kept plan is only ever found while it is exactly what the database holds: triggers bump
//!   the generation on any change to the team's `integrations` or `inbox_integrations` rows, from
//!   any replica (migration 20), and the sheet reads the generation with its contact in the same
//!   query. A superseded generation is never asked for again and ages out.
//! - Unsealed secrets stay in memory for at most [`KEEP_FOR`] after the plan was read (they live
//!   in this process's memory while calls are made anyway).
//! - Simultaneous sheets of one inbox read the plan once (the others wait for that read).

use super::inbox_links;
use super::stored::{self, OpenIntegration};
use crate::auth::sealed::SecretBox;
use crate::error::{ServiceError, ServiceResult};
use moka::future::Cache;
use sea_orm::DatabaseConnection;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How long a plan is kept at most (its secrets with it).
pub const KEEP_FOR: Duration = Duration::from_secs(60);
/// Plans kept at most (one per team and inbox in use).
const CAPACITY: u64 = 10_000;

/// One card of a plan.
#[derive(Debug)]
pub struct PlannedIntegration {
    /// The integration, opened.
    pub open: Arc<OpenIntegration>,
    /// Its display template's outline (what the card shows while it loads).
    pub outline: Vec<u8>,
}

/// Whose plan: a team's inbox (or every inbox, without one) at a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PlanKey {
    team_id: i64,
    inbox_id: Option<i64>,
    generation: i64,
}

/// The kept plans (cheap to clone; clones share them).
#[derive(Clone)]
pub struct PlanCache {
    plans: Cache<PlanKey, Arc<Vec<PlannedIntegration>>>,
}

impl Default for PlanCache {
    fn default() -> Self {
        PlanCache {
            plans: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(KEEP_FOR)
                .build(),
        }
    }
}

impl PlanCache {
    /// The integrations `inbox_id` runs (every inbox's, once each, without one) for `team_id`,
    /// under the team's integrations `generation` read with the sheet's subject; read from `db`
    /// and opened with `secrets` when not kept.
    pub(crate) async fn plan(
        &self,
        db: &DatabaseConnection,
        secrets: &SecretBox,
        team_id: i64,
        inbox_id: Option<i64>,
        generation: i64,
    ) -> ServiceResult<Arc<Vec<PlannedIntegration>>> {
        let key = PlanKey {
            team_id,
            inbox_id,
            generation,
        };
        self.plans
            .try_get_with(key, read(db, secrets, team_id, inbox_id))
            .await
            // A failed read (the database, a secret that does not open) is kept by nobody: the
            // next sheet tries again.
            .map_err(|e| ServiceError::Internal(format!("reading an inbox's integrations: {e}")))
    }
}

async fn read(
    db: &DatabaseConnection,
    secrets: &SecretBox,
    team_id: i64,
    inbox_id: Option<i64>,
) -> ServiceResult<Arc<Vec<PlannedIntegration>>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (link, row) in inbox_links::attached(db, team_id, inbox_id).await? {
        if !link.enabled || !row.is_active || !seen.insert(row.id) {
            continue;
        }
        let outline = template::outline::outline(
            row.template
                .as_ref()
                .and_then(|t| serde_json::from_value(t.clone()).ok())
                .as_ref(),
        );
        out.push(PlannedIntegration {
            open: Arc::new(stored::open(secrets, row)?),
            outline,
        });
    }
    Ok(Arc::new(out))
}

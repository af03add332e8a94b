//! Each integration's run log: the last [`KEPT`] calls (time, contact, who, how it ended, how
//! long, a short error), never bodies or secrets. Cache hits cost the upstream nothing and are not
//! logged; every call, skip and test is, in batches by one writer task ([`RunLogWriter`]).

use crate::actor::Actor;
use crate::entities::{contact, integration, integration_run, user};
use crate::error::ServiceResult;
use chrono::Utc;
use model::integration::stale::FailureKind;
use model::integration::{RunLogEntry, RunStatus, RunTrigger};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tokio::sync::mpsc;

/// Runs kept per integration.
pub const KEPT: u64 = 50;

/// Longest error kept, in characters.
const ERROR_MAX: usize = 300;

/// One run to log.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// The team.
    pub team_id: i64,
    /// The integration.
    pub integration_id: i64,
    /// The contact it ran for.
    pub contact_id: Option<i64>,
    /// Who ran it.
    pub user_id: Option<i64>,
    /// What started it.
    pub trigger: RunTrigger,
    /// How it ended.
    pub status: RunStatus,
    /// The API's status.
    pub http_status: Option<u16>,
    /// Duration.
    pub duration_ms: u64,
    /// What went wrong (safe text, cut to 300 characters).
    pub error: Option<String>,
    /// How it failed, when it did.
    pub failure: Option<FailureKind>,
}

/// Writes `runs` in one insert and drops each integration's runs older than its last [`KEPT`].
pub async fn record(db: &DatabaseConnection, runs: Vec<RunRecord>) -> ServiceResult<()> {
    if runs.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let mut integrations: Vec<i64> = runs.iter().map(|r| r.integration_id).collect();
    integrations.sort_unstable();
    integrations.dedup();
    let rows = runs.into_iter().map(|run| integration_run::ActiveModel {
        team_id: Set(run.team_id),
        integration_id: Set(run.integration_id),
        contact_id: Set(run.contact_id),
        user_id: Set(run.user_id),
        trigger: Set(run.trigger.as_str().to_string()),
        status: Set(run.status.as_str().to_string()),
        http_status: Set(run.http_status.map(i32::from)),
        duration_ms: Set(i64::try_from(run.duration_ms).unwrap_or(i64::MAX)),
        error: Set(run.error.map(|e| e.chars().take(ERROR_MAX).collect())),
        failure: Set(run.failure.map(|f| f.as_str().to_string())),
        created_at: Set(now),
        ..Default::default()
    });
    integration_run::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    for integration_id in integrations {
        let oldest_kept: Option<i64> = integration_run::Entity::find()
            .select_only()
            .column(integration_run::Column::Id)
            .filter(integration_run::Column::IntegrationId.eq(integration_id))
            .order_by_desc(integration_run::Column::Id)
            .offset(KEPT - 1)
            .limit(1)
            .into_tuple()
            .one(db)
            .await?;
        if let Some(id) = oldest_kept {
            integration_run::Entity::delete_many()
                .filter(integration_run::Column::IntegrationId.eq(integration_id))
                .filter(integration_run::Column::Id.lt(id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Runs waiting to be written: one task per process writes them in batches (everything that
/// arrived while the last batch was written, up to [`BATCH`]), so 200 agents opening sheets at
/// once cost a few inserts rather than a write each (cheap to clone; clones share the queue).
#[derive(Debug, Clone)]
pub struct RunLogWriter {
    db: DatabaseConnection,
    queue: Arc<OnceLock<mpsc::Sender<RunRecord>>>,
}

/// Most runs written in one insert.
const BATCH: usize = 500;
/// Runs waiting at most; beyond, new ones are dropped (and a warning logged) rather than held.
const WAITING: usize = 20_000;

impl RunLogWriter {
    /// A writer into `db` (its task starts with the first run).
    pub fn new(db: &DatabaseConnection) -> Self {
        RunLogWriter {
            db: db.clone(),
            queue: Arc::default(),
        }
    }

    /// Logs `run` in the background: the result it describes is never held up by the write,
    /// and a failed write is only logged.
    pub fn record_later(&self, run: RunRecord) {
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::channel(WAITING);
            tokio::spawn(write_batches(self.db.clone(), rx));
            tx
        });
        if queue.try_send(run).is_err() {
            tracing::warn!("the run log is behind: a run was not logged");
        }
    }
}

async fn write_batches(db: DatabaseConnection, mut queue: mpsc::Receiver<RunRecord>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(e) = record(&db, std::mem::take(&mut batch)).await {
            tracing::warn!(error = %e, "could not write integration run log entries");
        }
    }
}

/// An integration's log, newest first (admins only).
pub async fn entries(
    db: &DatabaseConnection,
    actor: &Actor,
    integration_id: i64,
) -> ServiceResult<Vec<RunLogEntry>> {
    actor.require_admin()?;
    integration::Entity::find_by_id(integration_id)
        .filter(integration::Column::TeamId.eq(actor.team_id))
        .one(db)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    let runs = integration_run::Entity::find()
        .filter(integration_run::Column::TeamId.eq(actor.team_id))
        .filter(integration_run::Column::IntegrationId.eq(integration_id))
        .order_by_desc(integration_run::Column::Id)
        .limit(KEPT)
        .all(db)
        .await?;
    let contact_ids: Vec<i64> = runs.iter().filter_map(|r| r.contact_id).collect();
    let user_ids: Vec<i64> = runs.iter().filter_map(|r| r.user_id).collect();
    let contacts: HashMap<i64, String> = contact::Entity::find()
        .filter(contact::Column::TeamId.eq(actor.team_id))
        .filter(contact::Column::Id.is_in(contact_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    runs.into_iter()
        .map(|r| {
            Ok(RunLogEntry {
                at: r.created_at,
                contact_name: r.contact_id.and_then(|id| contacts.get(&id).cloned()),
                contact_id: r.contact_id,
                user_name: r.user_id.and_then(|id| users.get(&id).cloned()),
                trigger: r.trigger()?,
                status: r.status()?,
                http_status: r.http_status.and_then(|s| u16::try_from(s).ok()),
                duration_ms: u64::try_from(r.duration_ms).unwrap_or(0),
                error: r.error,
            })
        })
        .collect()
}

/// How each of the team's integrations last ran.
pub(crate) async fn last_statuses(
    db: &DatabaseConnection,
    actor: &Actor,
) -> ServiceResult<HashMap<i64, RunStatus>> {
    let latest: Vec<(i64, i64)> = integration_run::Entity::find()
        .select_only()
        .column(integration_run::Column::IntegrationId)
        .column_as(integration_run::Column::Id.max(), "latest")
        .filter(integration_run::Column::TeamId.eq(actor.team_id))
        .group_by(integration_run::Column::IntegrationId)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i64> = latest.iter().map(|(_, id)| *id).collect();
    integration_run::Entity::find()
        .filter(integration_run::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| Ok((r.integration_id, r.status()?)))
        .collect()
}

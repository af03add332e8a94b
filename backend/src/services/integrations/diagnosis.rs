//! "Why is this card empty?" (admins): for one contact and conversation, every integration of
//! the team with the rule that decided its card — gathered from the same places the runner looks
//! (the inbox's links, the run conditions, the request the contact's values build, the cache,
//! the breaker) and the
//! run log's last call for the contact — worded by `model::integration::diagnosis`. Nothing is
//! called: the panel never costs the team's systems a request.

use super::cache::CacheKey;
use super::call::{OutboundCall, prepare};
use super::runner::RunRequest;
use super::subject::sheet_of;
use super::{inbox_links, stored};
use crate::actor::Actor;
use crate::entities::{integration, integration_run};
use crate::error::ServiceResult;
use crate::state::AppState;
use chrono::Utc;
use model::integration::diagnosis::{
    CardDiagnosis, CardFacts, KeptAnswer, LastRun, diagnose, is_empty_answer,
};
use model::integration::run_conditions::{describe, first_failing};
use model::integration::{Prepared, RunStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Every integration of the team, in name order, with what decides its card on the sheet of
/// `request`'s contact and conversation (admins only).
pub async fn explain_cards(
    state: &AppState,
    actor: &Actor,
    request: RunRequest,
) -> ServiceResult<Vec<CardDiagnosis>> {
    actor.require_admin()?;
    let (inbox, values, subject) = sheet_of(state, actor, &request.about()).await?;
    let inbox_id = inbox.as_ref().map(|i| i.id);
    // Attached to the inbox (to any inbox, without one), and on there.
    let mut attached: HashMap<i64, bool> = HashMap::new();
    for (link, row) in inbox_links::attached(&state.db, actor.team_id, inbox_id).await? {
        let on = attached.entry(row.id).or_insert(false);
        *on |= link.enabled;
    }
    let rows = integration::Entity::find()
        .filter(integration::Column::TeamId.eq(actor.team_id))
        .order_by_asc(integration::Column::Name)
        .order_by_asc(integration::Column::Id)
        .all(&state.db)
        .await?;
    let now = Utc::now();
    let mut last_runs = last_runs(state, actor.team_id, request.contact_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, version, name) = (row.id, row.version, row.name.clone());
        let display_enabled = row.display_enabled;
        let is_active = row.is_active;
        let open = stored::open(&state.secrets, row)?;
        let mut kept = None;
        let mut last_good = None;
        let request_facts = match prepare(&open, &values) {
            Err(why) => Err(why),
            Ok(Prepared::Skipped { reason }) => Ok(Some(reason)),
            Ok(Prepared::Ready(resolved)) => {
                let key = CacheKey {
                    team_id: actor.team_id,
                    integration_id: id,
                    version,
                    request: OutboundCall::new(&open, resolved).hash(),
                };
                let cache = &state.integration_cache;
                kept = cache.peek(&key).await.map(|f| KeptAnswer {
                    fetched_at: f.fetched_at,
                    empty: is_empty_answer(&f.data),
                });
                last_good = cache.last_good(&key, now).await.map(|f| f.fetched_at);
                Ok(None)
            }
        };
        let failed_condition = first_failing(&open.run_conditions, &subject).map(describe);
        let facts = CardFacts {
            is_active,
            failed_condition,
            inbox: inbox.as_ref().map(|i| i.name.clone()),
            attached: attached.get(&id).copied(),
            display_enabled,
            request: request_facts,
            breaker_open_until: state.breakers.open_until(id, version, now),
            kept,
            last_good,
            last_run: last_runs.remove(&id),
        };
        let (rule, words) = diagnose(&facts);
        out.push(CardDiagnosis {
            integration_id: id,
            name,
            rule,
            words,
        });
    }
    Ok(out)
}

/// Each integration's last call for the contact (skips are not calls) — one query for the team
/// (the run log keeps each integration's last 50 runs, so it reads at most that many each).
async fn last_runs(
    state: &AppState,
    team_id: i64,
    contact_id: i64,
) -> ServiceResult<HashMap<i64, LastRun>> {
    let runs = integration_run::Entity::find()
        .filter(integration_run::Column::TeamId.eq(team_id))
        .filter(integration_run::Column::ContactId.eq(contact_id))
        .filter(integration_run::Column::Status.ne(RunStatus::Skipped.as_str()))
        .order_by_desc(integration_run::Column::Id)
        .all(&state.db)
        .await?;
    let mut last = HashMap::new();
    for r in runs {
        if last.contains_key(&r.integration_id) {
            continue;
        }
        let run = LastRun {
            at: r.created_at,
            ok: r.status()? == RunStatus::Ok,
            failure: r.failure()?,
            http_status: r.http_status.and_then(|s| u16::try_from(s).ok()),
            error: r.error,
        };
        last.insert(r.integration_id, run);
    }
    Ok(last)
}

//! Running a contact's integrations: every active integration the inbox runs, concurrently, each
//! result delivered the moment it is ready (one slow API never holds up another's card), answers
//! reused from the cache within each integration's cache duration unless a refresh asks otherwise.

use super::breaker::{BreakerRule, Permit};
use super::cache::{CacheKey, Fetched};
use super::call::{CallError, OutboundCall, elapsed_ms, prepare};
use super::health::{Observation, changes};
use super::plan::PlannedIntegration;
use super::run_log::RunRecord;
use super::stored::OpenIntegration;
use super::subject::{self, Subject, run_subject, variables};
use super::upstream_budget::MAX_WAIT;
use crate::actor::Actor;
use crate::error::{ServiceError, ServiceResult};
use crate::metrics::{CacheUse, IntegrationLabels};
use crate::state::AppState;
use chrono::Utc;
use model::event::IntegrationHealth;
use model::integration::RunTrigger;
use model::integration::run_conditions::{SkippedCard, first_failing, skip_reason};
use model::integration::stale::{self, FailureKind, StaleAnswer, Unavailability};
use model::integration::stream::PlannedCard;
use model::integration::{IntegrationResult, Prepared, ResolvedRequest, RunStatus, VariableValues};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Which cached answers a run must not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Use the cache.
    No,
    /// Call every integration afresh (Refresh All).
    All,
    /// Call this integration afresh (its card's refresh button); only it is run.
    One(i64),
}

/// What to run integrations for.
#[derive(Debug, Clone, Copy)]
pub struct RunRequest {
    /// One of the team's contacts.
    pub contact_id: i64,
    /// A conversation of that contact; its inbox decides which integrations run.
    pub conversation_id: Option<i64>,
    /// Without a conversation, the inbox whose integrations run; without either, every
    /// integration attached to any inbox runs once.
    pub inbox_id: Option<i64>,
    /// Cache use.
    pub refresh: Refresh,
    /// What started it (for the run log).
    pub trigger: RunTrigger,
}

impl RunRequest {
    /// The contact, conversation and inbox it names.
    pub(crate) fn about(&self) -> subject::About {
        subject::About {
            contact_id: self.contact_id,
            conversation_id: self.conversation_id,
            inbox_id: self.inbox_id,
        }
    }
}

/// A started run: what will arrive, and the results as they finish.
#[derive(Debug)]
pub struct Run {
    /// Every integration that will deliver a result, in display order.
    pub planned: Vec<PlannedCard>,
    /// Results in completion order; closed after the last.
    pub results: mpsc::Receiver<IntegrationResult>,
}

/// The plan of the inbox `subject` is about (every inbox's, without one), kept or read.
async fn plan_of(
    state: &AppState,
    team_id: i64,
    subject: &Subject,
) -> ServiceResult<Arc<Vec<PlannedIntegration>>> {
    let inbox_id = subject.inbox.as_ref().map(|i| i.id);
    state
        .integration_plans
        .plan(
            &state.db,
            &state.secrets,
            team_id,
            inbox_id,
            subject.plan_generation,
        )
        .await
}

/// Starts running the contact's integrations (any member of the team may). Problems with the
/// request itself (unknown contact, a conversation of someone else) are errors now; everything
/// that goes wrong with an integration arrives as its result.
pub async fn start(state: &AppState, actor: &Actor, request: RunRequest) -> ServiceResult<Run> {
    let subject = subject::read(state, actor, &request.about()).await?;
    // A manual refresh calls the team's systems afresh: it is charged to the member's budget.
    match request.refresh {
        Refresh::All | Refresh::One(_) => {
            if let Err(retry_after_secs) = state.refresh_budget.charge(actor.user_id) {
                return Err(ServiceError::RateLimited { retry_after_secs });
            }
        }
        Refresh::No => {}
    }
    let only = match request.refresh {
        Refresh::One(id) => Some(id),
        _ => None,
    };
    let plan = plan_of(state, actor.team_id, &subject).await?;
    // Run conditions: a card whose conditions fail is left off the sheet, or says which failed.
    let conditions = run_subject(&subject);
    let integrations: Vec<(u32, &PlannedIntegration, Option<String>)> = plan
        .iter()
        .filter(|p| p.open.row.display_enabled && only.is_none_or(|id| id == p.open.row.id))
        .filter_map(|planned| {
            let open = &planned.open;
            let failed = first_failing(&open.run_conditions, &conditions).map(skip_reason);
            match (failed, open.skipped_card) {
                (None, _) => Some((planned, None)),
                (Some(_), SkippedCard::Hide) => None,
                (Some(reason), SkippedCard::Explain) => Some((planned, Some(reason))),
            }
        })
        .enumerate()
        .map(|(i, (open, skip))| (u32::try_from(i).unwrap_or(u32::MAX), open, skip))
        .collect();
    if let Some(id) = only
        && integrations.is_empty()
    {
        tracing::debug!(
            integration = id,
            "refresh of an integration this inbox does not run (or whose conditions hide it)"
        );
        return Err(ServiceError::NotFound);
    }
    let values = Arc::new(variables(&subject));
    // Room for two results per card: a stale one while revalidating, then the final one.
    let (tx, results) = mpsc::channel(integrations.len().max(1) * 2);
    let planned = integrations
        .iter()
        .map(|(position, p, _)| PlannedCard {
            integration_id: p.open.row.id,
            name: p.open.row.name.clone(),
            position: *position,
            outline: p.outline.clone(),
        })
        .collect();
    for (position, planned, skip) in integrations {
        let open = planned.open.clone();
        let open_id = open.row.id;
        let job = Job {
            skip,
            early: Some(tx.clone()),
            state: state.clone(),
            actor: *actor,
            contact_id: subject.contact.id,
            values: values.clone(),
            refresh: request.refresh != Refresh::No,
            trigger: request.trigger,
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            // A viewer who went away (closed the sheet, the tab, the connection) stops the calls
            // made for them; a caller of the same flight that is still there finishes it.
            tokio::select! {
                result = job.run(position, open) => {
                    let _ = tx.send(result).await;
                }
                () = tx.closed() => {
                    tracing::debug!(integration = open_id, "the viewer went away: run stopped");
                }
            }
        });
    }
    Ok(Run { planned, results })
}

/// Runs the contact's integrations and waits for all of them; results in display order (the
/// REST API's answer).
pub async fn run_all(
    state: &AppState,
    actor: &Actor,
    request: RunRequest,
) -> ServiceResult<Vec<IntegrationResult>> {
    let mut run = start(state, actor, request).await?;
    // A card's last result is its answer (a stale one sent while revalidating comes first).
    let mut by_position = std::collections::BTreeMap::new();
    while let Some(r) = run.results.recv().await {
        by_position.insert(r.position, r);
    }
    Ok(by_position.into_values().collect())
}

/// Warms the cache for a contact whose email just became known: the integrations flagged "also
/// run when the contact's email becomes known" run in the background (into the cache only), for
/// the conversation's inbox, or every inbox without one.
pub fn prewarm(state: &AppState, team_id: i64, contact_id: i64, conversation_id: Option<i64>) {
    let state = state.clone();
    tokio::spawn(async move {
        let actor = Actor::system(team_id);
        let request = RunRequest {
            contact_id,
            conversation_id,
            inbox_id: None,
            refresh: Refresh::No,
            trigger: RunTrigger::Prewarm,
        };
        let outcome = async {
            let subject = subject::read(&state, &actor, &request.about()).await?;
            if subject.contact.email.as_deref().is_none_or(str::is_empty) {
                return Ok(0);
            }
            let plan = plan_of(&state, team_id, &subject).await?;
            let conditions = run_subject(&subject);
            let integrations: Vec<(u32, Arc<OpenIntegration>)> = plan
                .iter()
                .map(|p| p.open.clone())
                .filter(|open| open.row.run_when_email_known)
                .filter(|open| first_failing(&open.run_conditions, &conditions).is_none())
                .enumerate()
                .map(|(i, open)| (u32::try_from(i).unwrap_or(u32::MAX), open))
                .collect();
            let values = Arc::new(variables(&subject));
            let count = integrations.len();
            let jobs = integrations.into_iter().map(|(position, open)| {
                let job = Job {
                    skip: None,
                    early: None,
                    state: state.clone(),
                    actor,
                    contact_id,
                    values: values.clone(),
                    refresh: false,
                    trigger: RunTrigger::Prewarm,
                };
                async move { job.run(position, open).await }
            });
            futures_util::future::join_all(jobs).await;
            Ok::<_, ServiceError>(count)
        };
        if let Err(e) = outcome.await {
            tracing::warn!(error = %e, contact = contact_id, "integration pre-warming failed");
        }
    });
}

/// What a call gave a card.
enum Answer {
    /// Fetched now.
    Fresh(Arc<Fetched>),
    /// From the cache, fresh.
    Cached(Arc<Fetched>),
    /// The API is not answering: its last good answer, and why the call failed.
    Stale(Arc<Fetched>, Unavailability, CallError),
    /// No answer to show.
    Failed(CallError),
}

/// One integration's part of a run.
struct Job {
    /// Why it is not run (a run condition that failed), when it is not.
    skip: Option<String>,
    /// Where a result that comes before the final one goes (a stale answer while revalidating);
    /// none for runs nobody watches.
    early: Option<mpsc::Sender<IntegrationResult>>,
    state: AppState,
    actor: Actor,
    contact_id: i64,
    values: Arc<VariableValues>,
    refresh: bool,
    trigger: RunTrigger,
}

impl Job {
    async fn run(self, position: u32, open: Arc<OpenIntegration>) -> IntegrationResult {
        let started = Instant::now();
        let show = |result: &mut IntegrationResult, fetched: &Fetched, from_cache: bool| {
            result.status = RunStatus::Ok;
            result.http_status = Some(fetched.http_status);
            result.data = Some(fetched.data.clone());
            result.content_type = fetched.content_type.clone();
            result.fetched_at = Some(fetched.fetched_at);
            result.from_cache = from_cache;
        };
        let mut result = IntegrationResult {
            integration_id: open.row.id,
            name: open.row.name.clone(),
            position,
            status: RunStatus::Error,
            http_status: None,
            data: None,
            content_type: None,
            error: None,
            duration_ms: 0,
            fetched_at: None,
            from_cache: false,
            served_at: None,
            stale: None,
            failure: None,
            retry_after_secs: None,
            revalidating: false,
            template: open.row.template.clone(),
        };
        let prepared = match self.skip.clone() {
            Some(reason) => Ok(Prepared::Skipped { reason }),
            None => prepare(&open, &self.values),
        };
        let answer = match prepared {
            Err(message) => Answer::Failed(CallError::plain(message)),
            Ok(Prepared::Skipped { reason }) => {
                result.status = RunStatus::Skipped;
                result.error = Some(reason);
                result.served_at = Some(Utc::now());
                self.log(&open, &result);
                return result;
            }
            Ok(Prepared::Ready(request)) => {
                // Stale-while-revalidate: the expired answer goes out now, marked as updating.
                let early = |stale: &Fetched| {
                    if let Some(tx) = &self.early {
                        let mut shown = result.clone();
                        show(&mut shown, stale, true);
                        shown.revalidating = true;
                        shown.served_at = Some(Utc::now());
                        let _ = tx.try_send(shown);
                    }
                };
                let answer = self.fetch(&open, request, early).await;
                self.count(&open, &answer);
                answer
            }
        };
        result.duration_ms = elapsed_ms(started);
        // Calls and breaker openings are counted where the call is made (once per shared flight).
        let seen = |what| {
            self.state
                .health
                .note(self.actor.team_id, open.row.id, Utc::now(), what);
        };
        match &answer {
            Answer::Cached(_) => seen(Observation::CacheHit),
            Answer::Stale(..) => seen(Observation::StaleServed),
            Answer::Fresh(_) | Answer::Failed(_) => {}
        }
        match answer {
            Answer::Fresh(fetched) => {
                show(&mut result, &fetched, false);
                self.log(&open, &result);
            }
            Answer::Cached(fetched) => show(&mut result, &fetched, true),
            Answer::Stale(fetched, because, e) => {
                // The run log keeps the failed call; the agent sees the last good answer.
                let mut failed = result.clone();
                failed.http_status = e.http_status;
                failed.failure = Some(e.failure);
                failed.error = Some(e.message.clone());
                self.log(&open, &failed);
                show(&mut result, &fetched, true);
                result.stale = Some(StaleAnswer {
                    because,
                    http_status: e.http_status,
                    error: e.message,
                    retry_at: e.retry_at,
                });
            }
            Answer::Failed(e) => {
                result.http_status = e.http_status;
                result.failure = Some(e.failure);
                result.retry_after_secs = e.retry_after_secs;
                result.error = Some(e.message);
                self.log(&open, &result);
            }
        }
        result.served_at = Some(Utc::now());
        result
    }

    /// The answer: fresh from the API, from the cache, or — when the API is not answering — the
    /// last good one, with the failure. With stale-while-revalidate on and no fresh answer kept,
    /// `early` gets the last good answer before the call is made.
    async fn fetch(
        &self,
        open: &OpenIntegration,
        request: ResolvedRequest,
        early: impl FnOnce(&Fetched),
    ) -> Answer {
        let call = OutboundCall::new(open, request);
        let minutes = |m: i32| Duration::from_secs(u64::try_from(m).unwrap_or(0) * 60);
        let keep_for = minutes(open.row.cache_minutes);
        let key = CacheKey {
            team_id: self.actor.team_id,
            integration_id: open.row.id,
            version: open.row.version,
            request: call.hash(),
        };
        let cache = &self.state.integration_cache;
        if open.row.revalidate
            && !self.refresh
            && !cache.has_fresh(&key).await
            && let Some(stale) = cache.last_good(&key, Utc::now()).await
        {
            early(&stale);
        }
        // The breaker guards calls, not answers already kept.
        let kept = !self.refresh && !keep_for.is_zero() && cache.has_fresh(&key).await;
        if !kept
            && let Permit::Refused { retry_at } =
                self.state
                    .breakers
                    .permit(open.row.id, open.row.version, Utc::now())
        {
            let refused = CallError {
                message: stale::breaker_open_message(retry_at),
                http_status: None,
                unavailable: Some(Unavailability::BreakerOpen),
                retry_at: Some(retry_at),
                failure: FailureKind::BreakerOpen,
                retry_after_secs: None,
            };
            return match cache.last_good(&key, Utc::now()).await {
                Some(stale) => Answer::Stale(stale, Unavailability::BreakerOpen, refused),
                None => Answer::Failed(refused),
            };
        }
        let breakers = self.state.breakers.clone();
        let budgets = self.state.upstream_budgets.clone();
        let health = self.state.health.clone();
        let metrics = self.state.metrics.clone();
        let labels = IntegrationLabels::new(self.actor.team_id, open.row.id, &open.row.name);
        let db = self.state.db.clone();
        let team_id = self.actor.team_id;
        let per_minute = u32::try_from(open.row.calls_per_minute).unwrap_or(0);
        let (id, version) = (open.row.id, open.row.version);
        let rule = BreakerRule {
            failures: u32::try_from(open.row.breaker_failures).unwrap_or(1).max(1),
            cool_down: chrono::Duration::seconds(i64::from(open.row.breaker_cooldown_seconds)),
        };
        let send = call.send(&self.state, keep_for, minutes(open.row.stale_minutes));
        // Only the flight that calls spends the budget and records its outcome (waiters of a
        // shared miss do neither).
        let fetch = async move {
            if let Err(secs) = budgets.acquire(id, version, per_minute, MAX_WAIT).await {
                return Err(CallError {
                    message: format!(
                        "Over this integration's budget of {per_minute} calls a minute: the next call is allowed in {}.",
                        stale::wait_text(secs)
                    ),
                    http_status: None,
                    unavailable: Some(Unavailability::OverBudget),
                    retry_at: Some(Utc::now() + chrono::Duration::seconds(secs as i64)),
                    failure: FailureKind::OverBudget,
                    retry_after_secs: Some(secs),
                });
            }
            let called = Instant::now();
            let outcome = send.await;
            let answered = match &outcome {
                Ok(_) => Some(true),
                Err(e) => e.unavailable.map(|_| false),
            };
            let now = Utc::now();
            let ms = elapsed_ms(called);
            health.note(
                team_id,
                id,
                now,
                Observation::Call {
                    ok: outcome.is_ok(),
                    ms,
                },
            );
            metrics.integration_call(
                &labels,
                outcome.as_ref().err().map(|e| e.failure),
                called.elapsed().as_secs_f64(),
            );
            if let Some(change) = breakers.record(id, version, answered, now, rule) {
                let opened = change.health == IntegrationHealth::Degraded;
                if opened {
                    health.note(team_id, id, now, Observation::BreakerOpened);
                }
                metrics.breaker(&labels, opened);
                let failed = outcome.as_ref().err();
                changes::announce_later(
                    &db,
                    team_id,
                    id,
                    change,
                    changes::reason(&change, failed.map(|e| e.message.as_str())),
                    failed.and_then(|e| e.http_status),
                );
            }
            outcome
        };
        let outcome = if keep_for.is_zero() || self.refresh {
            match fetch.await {
                Ok(fetched) => {
                    let fetched = Arc::new(fetched);
                    if keep_for.is_zero() {
                        cache.remember(key.clone(), fetched.clone()).await;
                    } else {
                        cache.put(key.clone(), fetched.clone()).await;
                    }
                    Ok((fetched, false))
                }
                Err(e) => Err(e),
            }
        } else {
            cache
                .get_or_fetch(key.clone(), fetch)
                .await
                .map_err(|e| CallError::clone(&e))
        };
        match outcome {
            Ok((fetched, true)) => Answer::Cached(fetched),
            Ok((fetched, false)) => Answer::Fresh(fetched),
            Err(e) => match e.unavailable {
                Some(because) => match cache.last_good(&key, Utc::now()).await {
                    Some(stale) => Answer::Stale(stale, because, e),
                    None => Answer::Failed(e),
                },
                None => Answer::Failed(e),
            },
        }
    }

    /// Counts a card's answer for `/metrics`: from the fresh cache or not, stale or not.
    fn count(&self, open: &OpenIntegration, answer: &Answer) {
        let labels = IntegrationLabels::new(self.actor.team_id, open.row.id, &open.row.name);
        let metrics = &self.state.metrics;
        let used = match answer {
            Answer::Cached(_) => CacheUse::Hit,
            Answer::Fresh(_) | Answer::Stale(..) | Answer::Failed(_) => CacheUse::Miss,
        };
        metrics.integration_cache(&labels, used);
        if let Answer::Stale(..) = answer {
            metrics.stale_served(&labels);
        }
    }

    fn log(&self, open: &OpenIntegration, result: &IntegrationResult) {
        self.state.run_log.record_later(RunRecord {
            team_id: self.actor.team_id,
            integration_id: open.row.id,
            contact_id: Some(self.contact_id),
            user_id: (!self.actor.is_system()).then_some(self.actor.user_id),
            trigger: self.trigger,
            status: result.status,
            http_status: result.http_status,
            duration_ms: result.duration_ms,
            error: result.error.clone(),
            failure: result.failure,
        });
    }
}

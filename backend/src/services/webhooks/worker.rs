//! Delivering the outbox. Workers (any number, in any replica) claim due rows with a lease in one
//! statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent claimers never take the same
//! row; SQLite has a single writer), so a crashed worker's rows come back when its lease ends.
//! Each attempt is signed per Standard Webhooks with a fresh timestamp and the stable
//! `webhook-id`; a 2xx within 15 s is success; otherwise the schedule of
//! [`model::webhook::RETRY_SCHEDULE`] applies (a longer `Retry-After` on 429/503 wins), a 410
//! switches the webhook off at once, and so does failing for 5 days without a success.
//!
//! The clock is a parameter (`now`), so tests drive retries and the 5-day rule without waiting.

use super::payload::{self, Notes, Renderer};
use super::signing_secrets;
use crate::entities::{webhook, webhook_attempt, webhook_delivery};
use crate::error::ServiceResult;
use crate::outbound::{Limits, OutboundError, OutboundRequest, signing};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use model::event::{Envelope, EventData};
use model::webhook::{DISABLE_AFTER, DeliveryStatus, PayloadFormat, next_retry, retry_after};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseBackend, EntityTrait, QueryFilter, Set,
};
use std::collections::HashMap;

/// How long a claimed delivery is held: the 15 s call and its bookkeeping, with room to spare
/// (a crashed worker's deliveries go out again this long after it died).
pub const LEASE: Duration = Duration::seconds(30);
/// Deliveries claimed per round.
pub const BATCH: u64 = 50;
/// How often an idle worker looks for due rows it was not woken for (retries, other replicas).
pub const POLL: std::time::Duration = std::time::Duration::from_secs(2);
/// Longest response excerpt kept in the log.
pub const EXCERPT_MAX: usize = 200;

/// Runs forever: delivers due events (bodies rendered by `renderer`), then sleeps until woken or
/// [`POLL`] passes.
pub async fn run_worker(state: AppState, renderer: Renderer) {
    loop {
        match deliver_due(&state, &renderer, Utc::now()).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "webhook delivery round failed"),
        }
        tokio::select! {
            _ = state.webhooks.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Claims up to `limit` due deliveries for this worker until `now + LEASE`; returns them.
pub async fn claim_due(
    state: &AppState,
    now: DateTime<Utc>,
    limit: u64,
) -> ServiceResult<Vec<webhook_delivery::Model>> {
    let mut due = Query::select();
    due.column(webhook_delivery::Column::Id)
        .from(webhook_delivery::Entity)
        .cond_where(
            Condition::all()
                .add(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
                .add(webhook_delivery::Column::NextAttemptAt.lte(now))
                .add(
                    Condition::any()
                        .add(webhook_delivery::Column::LeaseUntil.is_null())
                        .add(webhook_delivery::Column::LeaseUntil.lt(now)),
                ),
        )
        .order_by(webhook_delivery::Column::Id, sea_orm::Order::Asc)
        .limit(limit);
    if state.db.get_database_backend() == DatabaseBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claimed = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(now + LEASE),
        )
        .filter(webhook_delivery::Column::Id.in_subquery(due))
        .exec_with_returning(&state.db)
        .await?;
    Ok(claimed)
}

/// Claims due deliveries and attempts them concurrently; returns how many were attempted.
pub async fn deliver_due(
    state: &AppState,
    renderer: &Renderer,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let claimed = claim_due(state, now, BATCH).await?;
    let count = claimed.len();
    // One query for the round's webhooks, not one per delivery.
    let mut hook_ids: Vec<i64> = claimed.iter().map(|d| d.webhook_id).collect();
    hook_ids.sort_unstable();
    hook_ids.dedup();
    let hooks: HashMap<i64, webhook::Model> = webhook::Entity::find()
        .filter(webhook::Column::Id.is_in(hook_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for delivery in claimed {
        let hook = hooks
            .get(&delivery.webhook_id)
            .filter(|h| h.team_id == delivery.team_id)
            .cloned();
        let state = state.clone();
        let renderer = renderer.clone();
        tasks.spawn(async move { attempt(&state, &renderer, delivery, hook, now).await });
    }
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "recording a webhook attempt failed"),
            Err(e) => tracing::error!(error = %e, "a webhook delivery task panicked"),
        }
    }
    Ok(count)
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    status: Option<u16>,
    excerpt: Option<String>,
    error: Option<String>,
    retry_after: Option<Duration>,
    duration_ms: i64,
}

impl Outcome {
    fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The start of an answer as text, with anything that looks like one of our secrets hidden.
fn excerpt(body: &[u8], secrets: &[String]) -> Option<String> {
    let text: String = String::from_utf8_lossy(body)
        .chars()
        .take(EXCERPT_MAX)
        .collect();
    let text = secrets
        .iter()
        .fold(text, |t, s| t.replace(s.as_str(), "••••"));
    (!text.trim().is_empty()).then_some(text)
}

/// Sends one delivery once, signed with `secrets`, and says what happened.
async fn send(
    state: &AppState,
    hook: &webhook::Model,
    delivery: &webhook_delivery::Model,
    secrets: &[String],
    now: DateTime<Utc>,
) -> Outcome {
    let keys: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let timestamp = now.timestamp();
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("webhook-id".to_string(), delivery.message_id.clone()),
        ("webhook-timestamp".to_string(), timestamp.to_string()),
        (
            "webhook-signature".to_string(),
            signing::signatures(
                &keys,
                &delivery.message_id,
                timestamp,
                delivery.body.as_bytes(),
            ),
        ),
    ];
    let started = std::time::Instant::now();
    let sent = state
        .outbound
        .send(
            OutboundRequest {
                method: reqwest::Method::POST,
                url: hook.url.clone(),
                headers,
                body: Some(delivery.body.clone().into_bytes()),
                body_secret: false,
            },
            Limits::webhook(),
        )
        .await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match sent {
        Ok(r) => {
            let asked = matches!(r.status, 429 | 503)
                .then(|| r.retry_after.as_deref().and_then(|v| retry_after(v, now)))
                .flatten();
            let ok = (200..300).contains(&r.status);
            Outcome {
                status: Some(r.status),
                excerpt: excerpt(&r.body, secrets),
                error: (!ok).then(|| format!("The receiver answered {}", r.status)),
                retry_after: asked,
                duration_ms,
            }
        }
        Err(e) => Outcome {
            status: match &e {
                OutboundError::Status { status, .. } => Some(*status),
                _ => None,
            },
            excerpt: None,
            error: Some(e.to_string()),
            retry_after: None,
            duration_ms,
        },
    }
}

/// The envelope's `data` for `event`: the transcript, or the resource as the renderer shows it
/// (`None` when it is gone).
async fn envelope_data(
    state: &AppState,
    renderer: &Renderer,
    team_id: i64,
    event: &EventData,
    notes: Notes,
) -> ServiceResult<Option<serde_json::Value>> {
    Ok(match event {
        EventData::ConversationTranscript(conversation) => {
            payload::transcript(state, team_id, conversation.id, notes)
                .await?
                .and_then(|t| serde_json::to_value(t).ok())
        }
        EventData::ConversationCreated(_)
        | EventData::ConversationStatusChanged(_)
        | EventData::ConversationClosed(_)
        | EventData::ConversationUpdated(_)
        | EventData::MessageCreated(_)
        | EventData::ContactCreated(_)
        | EventData::ContactUpdated(_) => renderer.render(state, team_id, event, notes).await,
        // It carries its own figures: sent as recorded.
        EventData::IntegrationHealthChanged(_) => Some(event.to_value()),
    })
}

/// Renders a delivery's body from its reference, once, in the webhook's `format`, and stores it:
/// from now on every attempt sends these bytes.
async fn rendered(
    state: &AppState,
    renderer: &Renderer,
    delivery: webhook_delivery::Model,
    notes: Notes,
    format: PayloadFormat,
) -> ServiceResult<webhook_delivery::Model> {
    let Some(reference) = delivery.reference.clone() else {
        return Ok(delivery);
    };
    let body = match serde_json::from_value::<Envelope>(reference.clone()) {
        Ok(envelope) => match (format, &envelope.body) {
            // Chatlio's receivers get its bare transcript; a conversation deleted meanwhile is
            // sent as its reference, as for every format.
            (PayloadFormat::Chatlio, EventData::ConversationTranscript(conversation)) => {
                let link = renderer.conversation_link(conversation.id);
                match payload::chatlio_transcript(
                    state,
                    delivery.team_id,
                    conversation.id,
                    notes,
                    link,
                )
                .await?
                {
                    Some(t) => serde_json::to_string(&t).unwrap_or_default(),
                    None => envelope.rendered(None).to_json(),
                }
            }
            (PayloadFormat::Chatlane | PayloadFormat::Chatlio, event) => envelope
                .rendered(envelope_data(state, renderer, delivery.team_id, event, notes).await?)
                .to_json(),
        },
        // A reference this version cannot read (queued by a newer one) is sent as it is.
        Err(_) => reference.to_string(),
    };
    let mut change: webhook_delivery::ActiveModel = delivery.into();
    change.body = Set(body);
    change.reference = Set(None);
    Ok(change.update(&state.db).await?)
}

/// Attempts `delivery` (claimed by this worker) to `hook` and records the outcome.
async fn attempt(
    state: &AppState,
    renderer: &Renderer,
    delivery: webhook_delivery::Model,
    hook: Option<webhook::Model>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let Some(hook) = hook.filter(|h| h.is_active) else {
        return finish(state, delivery, now, "The webhook is switched off.").await;
    };
    let delivery = rendered(
        state,
        renderer,
        delivery,
        Notes::of(&hook),
        hook.payload_format()?,
    )
    .await?;
    let secrets = signing_secrets(state, &hook, now)?;
    let outcome = send(state, &hook, &delivery, &secrets, now).await;
    let attempts = delivery.attempts + 1;
    let mut hook_change: webhook::ActiveModel = hook.clone().into();
    // The webhook's row is written only when its state changes (a first failure, a recovery,
    // switching off) or its last success is a minute old: every delivery writing the same row
    // would serialise them all on it.
    let mut hook_changed = false;
    let (status, next) = if outcome.succeeded() {
        if hook.failing_since.is_some()
            || hook
                .last_success_at
                .is_none_or(|at| now - at >= Duration::minutes(1))
        {
            hook_change.last_success_at = Set(Some(now));
            hook_change.failing_since = Set(None);
            hook_changed = true;
        }
        (DeliveryStatus::Succeeded, None)
    } else {
        let failing_since = hook.failing_since.unwrap_or(now);
        if hook.failing_since.is_none() {
            hook_change.failing_since = Set(Some(failing_since));
            hook_changed = true;
        }
        let gone = outcome.status == Some(410);
        let failing_too_long = now - failing_since >= DISABLE_AFTER;
        if gone || failing_too_long {
            hook_changed = true;
            hook_change.is_active = Set(false);
            hook_change.disabled_reason = Set(Some(if gone {
                format!(
                    "Switched off on {}: the receiver answered 410 Gone.",
                    now.format("%b %-d, %Y")
                )
            } else {
                format!(
                    "Switched off on {}: no successful delivery since {}.",
                    now.format("%b %-d, %Y"),
                    failing_since.format("%b %-d, %Y")
                )
            }));
            (DeliveryStatus::Failed, None)
        } else {
            let jitter = rand::random::<f64>() * 2.0 - 1.0;
            match next_retry(
                u32::try_from(attempts).unwrap_or(u32::MAX),
                jitter,
                outcome.retry_after,
            ) {
                Some(wait) => (DeliveryStatus::Pending, Some(now + wait)),
                None => (DeliveryStatus::Failed, None),
            }
        }
    };
    state.metrics.webhook_delivery(status);
    if hook_changed {
        hook_change.update(&state.db).await?;
    }
    webhook_attempt::ActiveModel {
        team_id: Set(delivery.team_id),
        delivery_id: Set(delivery.id),
        attempted_at: Set(now),
        http_status: Set(outcome.status.map(i32::from)),
        duration_ms: Set(outcome.duration_ms),
        response_excerpt: Set(outcome.excerpt.clone()),
        error: Set(outcome.error.clone().map(|e| e.chars().take(300).collect())),
        next_retry_at: Set(next),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let mut change: webhook_delivery::ActiveModel = delivery.into();
    change.status = Set(status.as_str().to_string());
    change.attempts = Set(attempts);
    change.next_attempt_at = Set(next.unwrap_or(now));
    change.lease_until = Set(None);
    change.last_status = Set(outcome.status.map(i32::from));
    change.last_error = Set(outcome.error.map(|e| e.chars().take(300).collect()));
    change.last_attempt_at = Set(Some(now));
    change.update(&state.db).await?;
    Ok(())
}

/// Ends a delivery without an attempt (its webhook is gone or switched off).
async fn finish(
    state: &AppState,
    delivery: webhook_delivery::Model,
    now: DateTime<Utc>,
    reason: &str,
) -> ServiceResult<()> {
    let mut change: webhook_delivery::ActiveModel = delivery.into();
    change.status = Set(DeliveryStatus::Failed.as_str().to_string());
    change.lease_until = Set(None);
    change.last_error = Set(Some(reason.to_string()));
    change.next_attempt_at = Set(now);
    change.update(&state.db).await?;
    state.metrics.webhook_delivery(DeliveryStatus::Failed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_text_without_our_secrets() {
        let secret = "whsec_abc".to_string();
        let body = format!("{{\"echo\": \"{secret}\"}}{}", "x".repeat(500));
        let e = excerpt(body.as_bytes(), std::slice::from_ref(&secret)).unwrap_or_default();
        assert!(!e.contains(&secret));
        assert!(e.starts_with("{\"echo\": \"••••\"}"));
        assert!(e.chars().count() <= EXCERPT_MAX);
        assert_eq!(excerpt(b"  ", &[]), None);
    }
}

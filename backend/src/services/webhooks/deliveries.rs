//! The delivery log of a webhook (each delivery with its attempts, newest first), redelivery,
//! and the "Send test event" button.

use super::WebhookService;
use super::outbox::{self, TEST_EVENT};
use crate::actor::Actor;
use crate::entities::{conversation, webhook, webhook_attempt, webhook_delivery};
use crate::error::{ServiceError, ServiceResult};
use crate::state::AppState;
use chrono::Utc;
use model::event::{Envelope, EventData, Rendered, ResourceRef};
use model::webhook::{AttemptView, DeliveryStatus, DeliveryView, EventType, WebhookTarget};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Deliveries the log shows.
pub const LOG_SIZE: u64 = 50;

fn attempt_view(a: webhook_attempt::Model) -> AttemptView {
    AttemptView {
        attempted_at: a.attempted_at,
        status: a.http_status.and_then(|s| u16::try_from(s).ok()),
        duration_ms: a.duration_ms,
        response_excerpt: a.response_excerpt,
        error: a.error,
        next_retry_at: a.next_retry_at,
    }
}

fn delivery_view(
    d: webhook_delivery::Model,
    attempts: Vec<AttemptView>,
) -> ServiceResult<DeliveryView> {
    let status = d.status()?;
    Ok(DeliveryView {
        id: d.id,
        message_id: d.message_id,
        event: d.event_type,
        status,
        attempts: d.attempts,
        next_attempt_at: (status == DeliveryStatus::Pending).then_some(d.next_attempt_at),
        last_status: d.last_status.and_then(|s| u16::try_from(s).ok()),
        last_error: d.last_error,
        created_at: d.created_at,
        attempts_log: attempts,
    })
}

/// The delivery log and its actions (admins only).
pub struct DeliveryLog;

impl DeliveryLog {
    /// The webhook's latest [`LOG_SIZE`] deliveries with their attempts.
    pub async fn list(
        state: &AppState,
        actor: &Actor,
        webhook_id: i64,
    ) -> ServiceResult<Vec<DeliveryView>> {
        let hook = WebhookService::find(state, actor, webhook_id).await?;
        let rows = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::TeamId.eq(hook.team_id))
            .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
            .order_by_desc(webhook_delivery::Column::Id)
            .limit(LOG_SIZE)
            .all(&state.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let mut by_delivery: HashMap<i64, Vec<AttemptView>> = HashMap::new();
        for a in webhook_attempt::Entity::find()
            .filter(webhook_attempt::Column::TeamId.eq(hook.team_id))
            .filter(webhook_attempt::Column::DeliveryId.is_in(ids))
            .order_by_desc(webhook_attempt::Column::Id)
            .all(&state.db)
            .await?
        {
            by_delivery
                .entry(a.delivery_id)
                .or_default()
                .push(attempt_view(a));
        }
        rows.into_iter()
            .map(|d| {
                let attempts = by_delivery.remove(&d.id).unwrap_or_default();
                delivery_view(d, attempts)
            })
            .collect()
    }

    /// One delivery of the webhook.
    pub async fn find(
        state: &AppState,
        actor: &Actor,
        webhook_id: i64,
        delivery_id: i64,
    ) -> ServiceResult<webhook_delivery::Model> {
        let hook = WebhookService::find(state, actor, webhook_id).await?;
        webhook_delivery::Entity::find_by_id(delivery_id)
            .filter(webhook_delivery::Column::TeamId.eq(hook.team_id))
            .filter(webhook_delivery::Column::WebhookId.eq(hook.id))
            .one(&state.db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Sends a delivery again, now, with the same `webhook-id` and body (the schedule restarts).
    pub async fn redeliver(
        state: &AppState,
        actor: &Actor,
        webhook_id: i64,
        delivery_id: i64,
    ) -> ServiceResult<DeliveryView> {
        let delivery = Self::find(state, actor, webhook_id, delivery_id).await?;
        let mut change: webhook_delivery::ActiveModel = delivery.into();
        change.status = Set(DeliveryStatus::Pending.as_str().to_string());
        change.attempts = Set(0);
        change.next_attempt_at = Set(Utc::now());
        change.lease_until = Set(None);
        let row = change.update(&state.db).await?;
        state.webhooks.wake();
        delivery_view(row, Vec::new())
    }

    /// Queues a `webhook.test` event for this webhook alone (whatever it subscribes to).
    pub async fn send_test(
        state: &AppState,
        actor: &Actor,
        webhook_id: i64,
    ) -> ServiceResult<DeliveryView> {
        let hook = WebhookService::find(state, actor, webhook_id).await?;
        let now = Utc::now();
        let body = Envelope {
            id: None,
            timestamp: now,
            body: Rendered {
                event_type: TEST_EVENT.to_string(),
                data: serde_json::json!({"webhook_id": hook.id, "message": "This is a test event from Chatlane."}),
            },
        };
        let row = outbox::insert(
            &state.db,
            hook.team_id,
            hook.id,
            TEST_EVENT,
            outbox::Content::Body(body.to_json()),
            now,
        )
        .await?;
        state.webhooks.wake();
        delivery_view(row, Vec::new())
    }

    /// The team's active webhooks, for "Send to webhook" (any member may send a transcript).
    pub async fn targets(state: &AppState, actor: &Actor) -> ServiceResult<Vec<WebhookTarget>> {
        let rows = webhook::Entity::find()
            .filter(webhook::Column::TeamId.eq(actor.team_id))
            .filter(webhook::Column::IsActive.eq(true))
            .order_by_asc(webhook::Column::Id)
            .all(&state.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|w| WebhookTarget {
                id: w.id,
                label: if w.description.trim().is_empty() {
                    url_host(&w.url)
                } else {
                    w.description
                },
            })
            .collect())
    }

    /// Queues the transcript of `conversation_id` for `webhook_id` now (an agent's "Send to
    /// webhook"); both must be the team's, and the webhook switched on.
    pub async fn send_transcript(
        state: &AppState,
        actor: &Actor,
        webhook_id: i64,
        conversation_id: i64,
    ) -> ServiceResult<DeliveryView> {
        let conv = conversation::Entity::find_by_id(conversation_id)
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .one(&state.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let hook = webhook::Entity::find_by_id(webhook_id)
            .filter(webhook::Column::TeamId.eq(actor.team_id))
            .filter(webhook::Column::IsActive.eq(true))
            .one(&state.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let now = Utc::now();
        let transcript = EventData::ConversationTranscript(ResourceRef { id: conv.id });
        let row = outbox::insert(
            &state.db,
            actor.team_id,
            hook.id,
            EventType::ConversationTranscript.as_str(),
            outbox::Content::Reference(Envelope::new(now, transcript).to_value()),
            now,
        )
        .await?;
        state.webhooks.wake();
        delivery_view(row, Vec::new())
    }
}

/// The host of `url` (`hooks.example.com`), or the URL itself when it has none.
fn url_host(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or(url)
        .to_string()
}

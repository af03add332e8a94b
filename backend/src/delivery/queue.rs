//! The durable delivery queue: the `messages` rows themselves. A message to send is stored as
//! `sending` with a due time in the same transaction that creates it; workers (any number, in any
//! replica) claim due rows with a lease by a conditional UPDATE, so a row is held by one worker at
//! a time on SQLite and PostgreSQL alike, and a crashed worker's lease simply expires. Transient
//! failures are retried with backoff; after the last attempt, or on a permanent failure, the
//! message is `failed` with the reason.

use super::smtp::SmtpDriver;
use super::webhook::WebhookDriver;
use super::{
    Deliver, Delivered, DeliveryFailure, DriverContext, Outgoing, OutgoingAttachment,
    OutgoingChannel, OutgoingConversation, OutgoingSender, Recipient,
};
use crate::entities::{attachment, contact, conversation, inbox_channel, message};
use crate::error::ServiceResult;
use crate::services::channels::ChannelService;
use crate::services::senders;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use model::channel::DriverSettings;
use model::message::DeliveryStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// How long a claimed message is held before another worker may take it.
pub const LEASE: Duration = Duration::seconds(120);
/// Attempts before a message is `failed`.
pub const MAX_ATTEMPTS: i32 = 5;
/// Rows claimed per round.
pub const BATCH: u64 = 20;
/// How often an idle worker looks for due rows it was not woken for (retries, other replicas).
pub const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// The wait before attempt `attempts + 1`, after `attempts` failed ones: 10 s, 1 min, 5 min,
/// 30 min.
pub fn backoff(attempts: i32) -> Duration {
    match attempts {
        ..=1 => Duration::seconds(10),
        2 => Duration::minutes(1),
        3 => Duration::minutes(5),
        _ => Duration::minutes(30),
    }
}

/// Runs forever: delivers due messages, then sleeps until woken or [`POLL`] passes.
pub async fn run_worker(state: AppState) {
    loop {
        match deliver_due(&state).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "message delivery round failed"),
        }
        tokio::select! {
            _ = state.deliveries.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Claims up to [`BATCH`] due messages and delivers them concurrently; returns how many.
pub async fn deliver_due(state: &AppState) -> ServiceResult<usize> {
    let now = Utc::now();
    let due: Vec<i64> = message::Entity::find()
        .select_only()
        .column(message::Column::Id)
        .filter(message::Column::DeliveryStatus.eq(DeliveryStatus::Sending.as_str()))
        .filter(
            Condition::any()
                .add(message::Column::DeliveryDueAt.is_null())
                .add(message::Column::DeliveryDueAt.lte(now)),
        )
        .filter(free_at(now))
        .order_by_asc(message::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut tasks = tokio::task::JoinSet::new();
    let mut claimed = 0;
    for id in due {
        if claim(&state.db, id, now).await? {
            claimed += 1;
            let state = state.clone();
            tasks.spawn(async move { deliver_one(&state, id).await });
        }
    }
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "recording a delivery failed"),
            Err(e) => tracing::error!(error = %e, "a delivery task panicked"),
        }
    }
    Ok(claimed)
}

fn free_at(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(message::Column::DeliveryLeaseUntil.is_null())
        .add(message::Column::DeliveryLeaseUntil.lt(now))
}

/// Takes the lease on one message if nobody holds it; true when this worker got it.
async fn claim(db: &DatabaseConnection, id: i64, now: DateTime<Utc>) -> ServiceResult<bool> {
    let result = message::Entity::update_many()
        .col_expr(
            message::Column::DeliveryLeaseUntil,
            Expr::value(now + LEASE),
        )
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::DeliveryStatus.eq(DeliveryStatus::Sending.as_str()))
        .filter(free_at(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

async fn deliver_one(state: &AppState, id: i64) -> ServiceResult<()> {
    let Some(row) = message::Entity::find_by_id(id).one(&state.db).await? else {
        return Ok(());
    };
    let attempts = row.delivery_attempts;
    let outcome = match load(&state.db, &row).await? {
        Err(failure) => Err(failure),
        Ok((outgoing, channel)) => send(state, &outgoing, &channel).await,
    };
    record(&state.db, id, attempts, outcome).await
}

async fn send(
    state: &AppState,
    outgoing: &Outgoing,
    channel: &inbox_channel::Model,
) -> Result<Delivered, DeliveryFailure> {
    let context = DriverContext {
        outbound: &state.outbound,
        files: &state.attachments,
    };
    if !channel.is_active {
        return Err(DeliveryFailure::permanent("The channel is switched off."));
    }
    let driver = ChannelService::open_driver(&state.secrets, channel)
        .map_err(DeliveryFailure::permanent)?
        .ok_or_else(|| DeliveryFailure::permanent("The channel is not connected to a driver."))?;
    match driver.settings {
        DriverSettings::Smtp(settings) => {
            SmtpDriver {
                settings,
                password: driver.secret,
            }
            .deliver(outgoing, context)
            .await
        }
        DriverSettings::Webhook(settings) => {
            WebhookDriver {
                settings,
                secret: driver.secret,
            }
            .deliver(outgoing, context)
            .await
        }
    }
}

/// Stores the outcome of one attempt and releases the lease.
async fn record(
    db: &DatabaseConnection,
    id: i64,
    attempts_before: i32,
    outcome: Result<Delivered, DeliveryFailure>,
) -> ServiceResult<()> {
    let now = Utc::now();
    let attempts = attempts_before + 1;
    let mut update = message::Entity::update_many()
        .col_expr(message::Column::DeliveryAttempts, Expr::value(attempts))
        .col_expr(
            message::Column::DeliveryLeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(message::Column::UpdatedAt, Expr::value(now));
    match outcome {
        Ok(delivered) => {
            update = update
                .col_expr(
                    message::Column::DeliveryStatus,
                    Expr::value(DeliveryStatus::Sent.as_str()),
                )
                .col_expr(
                    message::Column::DeliveryError,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    message::Column::DeliveryDueAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                );
            if let Some(external) = delivered.external_id {
                update = update.col_expr(message::Column::ExternalMessageId, Expr::value(external));
            }
        }
        Err(failure) => {
            let reason: String = failure.reason.chars().take(500).collect();
            tracing::info!(message_id = id, attempts, permanent = failure.permanent, reason = %reason, "message delivery failed");
            update = update.col_expr(message::Column::DeliveryError, Expr::value(reason));
            update = if failure.permanent || attempts >= MAX_ATTEMPTS {
                update
                    .col_expr(
                        message::Column::DeliveryStatus,
                        Expr::value(DeliveryStatus::Failed.as_str()),
                    )
                    .col_expr(
                        message::Column::DeliveryDueAt,
                        Expr::value(Option::<DateTime<Utc>>::None),
                    )
            } else {
                update.col_expr(
                    message::Column::DeliveryDueAt,
                    Expr::value(now + backoff(attempts)),
                )
            };
        }
    }
    update.filter(message::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Everything the driver needs, loaded within the message's team. A missing channel or
/// conversation is a permanent failure.
async fn load(
    db: &DatabaseConnection,
    row: &message::Model,
) -> ServiceResult<Result<(Outgoing, inbox_channel::Model), DeliveryFailure>> {
    let team = row.team_id;
    let Some(channel_id) = row.inbox_channel_id else {
        return Ok(Err(DeliveryFailure::permanent(
            "The message has no channel.",
        )));
    };
    let Some(channel) = inbox_channel::Entity::find_by_id(channel_id)
        .filter(inbox_channel::Column::TeamId.eq(team))
        .one(db)
        .await?
    else {
        return Ok(Err(DeliveryFailure::permanent("The channel was deleted.")));
    };
    let Some(conv) = conversation::Entity::find_by_id(row.conversation_id)
        .filter(conversation::Column::TeamId.eq(team))
        .one(db)
        .await?
    else {
        return Ok(Err(DeliveryFailure::permanent(
            "The conversation was deleted.",
        )));
    };
    let recipient_id = row.contact_id.or(conv.contact_id);
    let recipient = match recipient_id {
        Some(cid) => contact::Entity::find_by_id(cid)
            .filter(contact::Column::TeamId.eq(team))
            .one(db)
            .await?
            .map(|c| Recipient {
                id: c.id,
                name: c.name,
                email: c.email,
                phone_number: c.phone,
            }),
        None => None,
    };
    let attachments = attachment::Entity::find()
        .filter(attachment::Column::TeamId.eq(team))
        .filter(attachment::Column::MessageId.eq(row.id))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| OutgoingAttachment {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            storage_key: a.storage_key,
        })
        .collect();
    let sender = senders::resolve(db, team, std::slice::from_ref(row))
        .await?
        .remove(&row.id);
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let outgoing = Outgoing {
        id: row.id,
        message_type: row.message_type.clone(),
        body: row.body.clone(),
        cc: strings(&row.cc),
        bcc: strings(&row.bcc),
        conversation: OutgoingConversation {
            id: conv.id,
            uuid: conv.uuid,
            subject: conv.subject,
        },
        channel: OutgoingChannel {
            id: channel.id,
            name: channel.name.clone(),
            channel_type: channel.channel_type.clone(),
        },
        recipient,
        sender: OutgoingSender {
            sender_type: row.sender_type.clone(),
            id: row.sender_id,
            name: sender.map(|s| s.name).unwrap_or_default(),
        },
        attachments,
        created_at: row.created_at,
    };
    Ok(Ok((outgoing, channel)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop_after_the_last_attempt() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|a| backoff(a).num_seconds())
            .collect();
        assert_eq!(waits, [10, 60, 300, 1800]);
        assert!(waits.windows(2).all(|w| w[0] < w[1]));
    }
}

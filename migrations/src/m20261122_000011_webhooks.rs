//! Outgoing webhooks. `webhooks` holds each endpoint (URL, subscribed events, the signing secret
//! sealed with the row's uuid as associated data, and the previous secret during a rotation).
//! `webhook_deliveries` is the outbox: one row per event and subscribed webhook, written in the
//! transaction of the change that caused it with the event's `reference` (type, time, ids); the
//! `body` is rendered from it once, at the first attempt, and then sent byte for byte on every
//! attempt (signatures cover those bytes). Workers claim due rows with a lease.
//! `webhook_attempts` is the delivery log.

use crate::frozen::team_generation::{TeamOf, unwatch_table, watch_table};
use crate::{cols, fk_cascade, fk_set_null, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Webhooks::Table)
                .col(big_pk_auto(Webhooks::Id))
                .col(string_len(Webhooks::Uuid, 36))
                .col(big_integer(Webhooks::TeamId))
                .col(text(Webhooks::Url))
                .col(text(Webhooks::Description))
                .col(json(Webhooks::Events))
                .col(boolean(Webhooks::IsActive))
                .col(text(Webhooks::SealedSecret))
                .col(text_null(Webhooks::SealedPreviousSecret))
                .col(timestamp_with_time_zone_null(
                    Webhooks::PreviousSecretExpiresAt,
                ))
                .col(text_null(Webhooks::DisabledReason))
                .col(timestamp_with_time_zone_null(Webhooks::FailingSince))
                .col(timestamp_with_time_zone_null(Webhooks::LastSuccessAt))
                .col(big_integer_null(Webhooks::CreatedBy))
                .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                .col(timestamp_with_time_zone(Webhooks::UpdatedAt))
                .foreign_key(&mut fk_cascade("webhooks", "team_id", "teams"))
                .foreign_key(&mut fk_set_null("webhooks", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("webhooks", "team", cols(&["team_id", "id"]), false))
            .await?;
        m.create_index(index("webhooks", "uuid", cols(&["uuid"]), true))
            .await?;
        watch_table(m, "webhooks", TeamOf::OwnColumn).await?;

        // Not watched: every attempt writes here, and the API serves them uncached (no-store).
        m.create_table(
            Table::create()
                .table(WebhookDeliveries::Table)
                .col(big_pk_auto(WebhookDeliveries::Id))
                .col(string_len(WebhookDeliveries::MessageId, 64))
                .col(big_integer(WebhookDeliveries::TeamId))
                .col(big_integer(WebhookDeliveries::WebhookId))
                .col(string_len(WebhookDeliveries::EventType, 64))
                .col(json_null(WebhookDeliveries::Reference))
                .col(text(WebhookDeliveries::Body))
                .col(string_len(WebhookDeliveries::Status, 16))
                .col(integer(WebhookDeliveries::Attempts))
                .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
                .col(integer_null(WebhookDeliveries::LastStatus))
                .col(string_len_null(WebhookDeliveries::LastError, 300))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::LastAttemptAt,
                ))
                .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                .foreign_key(&mut fk_cascade("webhook_deliveries", "team_id", "teams"))
                .foreign_key(&mut fk_cascade(
                    "webhook_deliveries",
                    "webhook_id",
                    "webhooks",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "webhook_deliveries",
            "due",
            cols(&["status", "next_attempt_at"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "webhook_deliveries",
            "latest",
            cols(&["webhook_id", "id"]),
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(WebhookAttempts::Table)
                .col(big_pk_auto(WebhookAttempts::Id))
                .col(big_integer(WebhookAttempts::TeamId))
                .col(big_integer(WebhookAttempts::DeliveryId))
                .col(timestamp_with_time_zone(WebhookAttempts::AttemptedAt))
                .col(integer_null(WebhookAttempts::HttpStatus))
                .col(big_integer(WebhookAttempts::DurationMs))
                .col(string_len_null(WebhookAttempts::ResponseExcerpt, 300))
                .col(string_len_null(WebhookAttempts::Error, 300))
                .col(timestamp_with_time_zone_null(WebhookAttempts::NextRetryAt))
                .foreign_key(&mut fk_cascade("webhook_attempts", "team_id", "teams"))
                .foreign_key(&mut fk_cascade(
                    "webhook_attempts",
                    "delivery_id",
                    "webhook_deliveries",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "webhook_attempts",
            "delivery",
            cols(&["delivery_id", "id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WebhookAttempts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await?;
        unwatch_table(m, "webhooks").await?;
        m.drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Uuid,
    TeamId,
    Url,
    Description,
    Events,
    IsActive,
    SealedSecret,
    SealedPreviousSecret,
    PreviousSecretExpiresAt,
    DisabledReason,
    FailingSince,
    LastSuccessAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    MessageId,
    TeamId,
    WebhookId,
    EventType,
    Reference,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LastStatus,
    LastError,
    LastAttemptAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    TeamId,
    DeliveryId,
    AttemptedAt,
    HttpStatus,
    DurationMs,
    ResponseExcerpt,
    Error,
    NextRetryAt,
}

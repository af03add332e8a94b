//! Contact integrations: a team's admin-configured HTTP calls. Secret header values and the body
//! template are sealed together in `sealed_secrets` (AEAD, the row's uuid as associated data);
//! everything else is plain. `version` is bumped on every edit (the result cache's key).
//! `inbox_integrations` attaches them to inboxes (enabled flag, display order);
//! `integration_runs` is each integration's run log (the last 50 calls, no bodies, no secrets).

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
                .table(Integrations::Table)
                .col(big_pk_auto(Integrations::Id))
                .col(string_len(Integrations::Uuid, 36))
                .col(big_integer(Integrations::TeamId))
                .col(string_len(Integrations::Name, 100))
                .col(text(Integrations::Description))
                .col(string_len(Integrations::Method, 10))
                .col(text(Integrations::Url))
                .col(json(Integrations::Headers))
                .col(json(Integrations::QueryParams))
                .col(text_null(Integrations::SealedSecrets))
                .col(integer(Integrations::CacheMinutes))
                .col(integer(Integrations::TimeoutSeconds))
                .col(boolean(Integrations::FollowRedirects))
                .col(boolean(Integrations::IsActive))
                .col(boolean(Integrations::DisplayEnabled))
                .col(boolean(Integrations::RunWhenEmailKnown))
                .col(json_null(Integrations::Template))
                .col(json_null(Integrations::SampleData))
                .col(big_integer(Integrations::Version))
                .col(big_integer_null(Integrations::CreatedBy))
                .col(big_integer_null(Integrations::UpdatedBy))
                .col(timestamp_with_time_zone(Integrations::CreatedAt))
                .col(timestamp_with_time_zone(Integrations::UpdatedAt))
                .foreign_key(&mut fk_cascade("integrations", "team_id", "teams"))
                .foreign_key(&mut fk_set_null("integrations", "created_by", "users"))
                .foreign_key(&mut fk_set_null("integrations", "updated_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "integrations",
            "team",
            cols(&["team_id", "name"]),
            false,
        ))
        .await?;
        m.create_index(index("integrations", "uuid", cols(&["uuid"]), true))
            .await?;
        watch_table(m, "integrations", TeamOf::OwnColumn).await?;

        m.create_table(
            Table::create()
                .table(InboxIntegrations::Table)
                .col(big_pk_auto(InboxIntegrations::Id))
                .col(big_integer(InboxIntegrations::TeamId))
                .col(big_integer(InboxIntegrations::InboxId))
                .col(big_integer(InboxIntegrations::IntegrationId))
                .col(boolean(InboxIntegrations::Enabled))
                .col(integer(InboxIntegrations::Position))
                .foreign_key(&mut fk_cascade("inbox_integrations", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("inbox_integrations", "inbox_id", "inboxes"))
                .foreign_key(&mut fk_cascade(
                    "inbox_integrations",
                    "integration_id",
                    "integrations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "inbox_integrations",
            "pair",
            cols(&["inbox_id", "integration_id"]),
            true,
        ))
        .await?;
        m.create_index(index(
            "inbox_integrations",
            "integration",
            cols(&["integration_id"]),
            false,
        ))
        .await?;
        watch_table(m, "inbox_integrations", TeamOf::OwnColumn).await?;

        // Not watched: runs are never part of an API answer, and every call writes one.
        m.create_table(
            Table::create()
                .table(IntegrationRuns::Table)
                .col(big_pk_auto(IntegrationRuns::Id))
                .col(big_integer(IntegrationRuns::TeamId))
                .col(big_integer(IntegrationRuns::IntegrationId))
                .col(big_integer_null(IntegrationRuns::ContactId))
                .col(big_integer_null(IntegrationRuns::UserId))
                .col(string_len(IntegrationRuns::Trigger, 16))
                .col(string_len(IntegrationRuns::Status, 16))
                .col(integer_null(IntegrationRuns::HttpStatus))
                .col(big_integer(IntegrationRuns::DurationMs))
                .col(string_len_null(IntegrationRuns::Error, 300))
                .col(timestamp_with_time_zone(IntegrationRuns::CreatedAt))
                .foreign_key(&mut fk_cascade("integration_runs", "team_id", "teams"))
                .foreign_key(&mut fk_cascade(
                    "integration_runs",
                    "integration_id",
                    "integrations",
                ))
                .foreign_key(&mut fk_set_null(
                    "integration_runs",
                    "contact_id",
                    "contacts",
                ))
                .foreign_key(&mut fk_set_null("integration_runs", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "integration_runs",
            "latest",
            cols(&["integration_id", "id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IntegrationRuns::Table).to_owned())
            .await?;
        unwatch_table(m, "inbox_integrations").await?;
        m.drop_table(Table::drop().table(InboxIntegrations::Table).to_owned())
            .await?;
        unwatch_table(m, "integrations").await?;
        m.drop_table(Table::drop().table(Integrations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum InboxIntegrations {
    Table,
    Id,
    TeamId,
    InboxId,
    IntegrationId,
    Enabled,
    Position,
}

#[derive(DeriveIden)]
enum IntegrationRuns {
    Table,
    Id,
    TeamId,
    IntegrationId,
    ContactId,
    UserId,
    Trigger,
    Status,
    HttpStatus,
    DurationMs,
    Error,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Integrations {
    Table,
    Id,
    Uuid,
    TeamId,
    Name,
    Description,
    Method,
    Url,
    Headers,
    QueryParams,
    SealedSecrets,
    CacheMinutes,
    TimeoutSeconds,
    FollowRedirects,
    IsActive,
    DisplayEnabled,
    RunWhenEmailKnown,
    Template,
    SampleData,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

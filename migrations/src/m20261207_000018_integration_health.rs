//! Integration health: `integration_health_minutes` holds, per integration and minute, what one
//! replica saw (calls, failures, a latency histogram, cache hits, stale answers, breaker
//! openings). Rows are only inserted — one per integration, minute and replica — and the console
//! adds them up, so replicas never contend for a row; rows older than 8 days are pruned.
//! `integrations.health` (`ok` or `degraded`) is the last health `integration.health_changed`
//! announced: a replica announces a change only by flipping it, so each change is announced once
//! whichever replica's breaker saw it. `integration_runs.failure` keeps how a failed run failed (`model::integration::stale::
//! FailureKind`), so "why is this card empty?" can tell a blocked address from an API error.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Minutes::Table)
                .col(big_pk_auto(Minutes::Id))
                .col(big_integer(Minutes::TeamId))
                .col(big_integer(Minutes::IntegrationId))
                .col(timestamp_with_time_zone(Minutes::Minute))
                .col(string_len(Minutes::Replica, 64))
                .col(big_integer(Minutes::Calls).default(0))
                .col(big_integer(Minutes::Failures).default(0))
                .col(big_integer(Minutes::CacheHits).default(0))
                .col(big_integer(Minutes::StaleServed).default(0))
                .col(big_integer(Minutes::BreakerOpenings).default(0))
                .col(json(Minutes::Latency))
                .foreign_key(&mut fk_cascade(
                    "integration_health_minutes",
                    "team_id",
                    "teams",
                ))
                .foreign_key(&mut fk_cascade(
                    "integration_health_minutes",
                    "integration_id",
                    "integrations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "integration_health_minutes",
            "integration",
            cols(&["team_id", "integration_id", "minute"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "integration_health_minutes",
            "minute",
            cols(&["minute"]),
            false,
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table(Runs::Table)
                .add_column(string_len_null(Runs::Failure, 32))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(string_len(Integrations::Health, 16).default("ok"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .drop_column(Integrations::Health)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Runs::Table)
                .drop_column(Runs::Failure)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Minutes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Minutes {
    #[sea_orm(iden = "integration_health_minutes")]
    Table,
    Id,
    TeamId,
    IntegrationId,
    Minute,
    Replica,
    Calls,
    Failures,
    CacheHits,
    StaleServed,
    BreakerOpenings,
    Latency,
}

#[derive(DeriveIden)]
enum Runs {
    #[sea_orm(iden = "integration_runs")]
    Table,
    Failure,
}

#[derive(DeriveIden)]
enum Integrations {
    Table,
    Health,
}

//! Cards that stay useful when the API fails: `integrations.stale_minutes`, how long past its
//! cache duration a successful answer is still shown (labelled) when a later call fails because
//! the API is not answering (every integration starts at a day), and `integrations.revalidate`,
//! whether an expired answer shows at once while a fresh call runs (off), and
//! `integrations.calls_per_minute`, the upstream rate budget per server (0: none), and the
//! circuit breaker's rule: `breaker_failures` in a row (5) open it for `breaker_cooldown_seconds`
//! (30).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(integer(Integrations::StaleMinutes).default(1440))
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(boolean(Integrations::Revalidate).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(integer(Integrations::CallsPerMinute).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(integer(Integrations::BreakerFailures).default(5))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(integer(Integrations::BreakerCooldownSeconds).default(30))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Integrations::BreakerCooldownSeconds,
            Integrations::BreakerFailures,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Integrations::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .drop_column(Integrations::CallsPerMinute)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .drop_column(Integrations::Revalidate)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .drop_column(Integrations::StaleMinutes)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Integrations {
    Table,
    StaleMinutes,
    Revalidate,
    CallsPerMinute,
    BreakerFailures,
    BreakerCooldownSeconds,
}

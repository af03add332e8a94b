//! Run conditions: `integrations.run_conditions`, the conditions (JSON, in the display templates'
//! condition language) that must all hold for the integration to run on a sheet (none: always),
//! and `integrations.skipped_card`, what a card whose conditions fail shows: `hide` (default) or
//! `explain`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(json_null(Integrations::RunConditions))
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(string_len(Integrations::SkippedCard, 16).default("hide"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Integrations::SkippedCard, Integrations::RunConditions] {
            m.alter_table(
                Table::alter()
                    .table(Integrations::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Integrations {
    Table,
    RunConditions,
    SkippedCard,
}

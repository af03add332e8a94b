//! A webhook chooses the shape of what it receives: `chatlane` (the event envelope, what every
//! existing webhook keeps) or `chatlio` (Chatlio's transcript JSON, for receivers written for it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Webhooks::Table)
                .add_column(string_len(Webhooks::PayloadFormat, 16).default("chatlane"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Webhooks::Table)
                .drop_column(Webhooks::PayloadFormat)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    PayloadFormat,
}

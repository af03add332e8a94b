//! Internal notes stay inside the team: `webhooks.include_internal_notes` is the admin's opt-in
//! for one endpoint to receive them (in transcripts, in conversation threads and as
//! `message.created`). Every existing webhook starts without them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Webhooks::Table)
                .add_column(boolean(Webhooks::IncludeInternalNotes).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Webhooks::Table)
                .drop_column(Webhooks::IncludeInternalNotes)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    IncludeInternalNotes,
}

//! `integrations.builtin_demo` marks the integration `chatlane demo` creates against the demo CRM
//! that the server itself serves under `/demo/crm/`. Only that flag lets an outbound call reach
//! the server's own address, and only that path; nothing but `chatlane demo` sets it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .add_column(boolean(Integrations::BuiltinDemo).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Integrations::Table)
                .drop_column(Integrations::BuiltinDemo)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Integrations {
    Table,
    BuiltinDemo,
}

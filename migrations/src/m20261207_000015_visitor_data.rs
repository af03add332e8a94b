//! Visitor data from a real source: a conversation keeps the latest visit its API client or chat
//! widget sent (`conversations.visitor`, JSON: ip, page_url, referrer, user_agent, location), and
//! the contact's last visit gains the referrer and the location beside its IP, page and browser.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .add_column(json_null(Conversations::Visitor))
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .add_column(string_null(Contacts::LastReferrer))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .add_column(string_null(Contacts::LastLocation))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .drop_column(Contacts::LastLocation)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Contacts::Table)
                .drop_column(Contacts::LastReferrer)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .drop_column(Conversations::Visitor)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Visitor,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    LastReferrer,
    LastLocation,
}

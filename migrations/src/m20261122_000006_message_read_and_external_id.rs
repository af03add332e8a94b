//! Messages get `is_read` (received messages are unread until their conversation is opened) and
//! `external_message_id` (the id a channel's provider gave a sent message, e.g. SMTP Message-ID).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(boolean(Messages::IsRead).default(true))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .add_column(string_len_null(Messages::ExternalMessageId, 255))
                .to_owned(),
        )
        .await?;
        // Received messages of conversations nobody has opened since are unread.
        m.get_connection()
            .execute_unprepared(
                "UPDATE messages SET is_read = FALSE WHERE sender_type = 'contact' AND conversation_id IN \
                 (SELECT id FROM conversations WHERE is_read = FALSE)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .drop_column(Messages::ExternalMessageId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Messages::Table)
                .drop_column(Messages::IsRead)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    IsRead,
    ExternalMessageId,
}

//! Sending for real: a channel gets a delivery driver (`smtp` or `webhook`) with its settings
//! (secrets sealed), messages get the columns a durable delivery queue needs (attempts, when the
//! next attempt is due, a worker's lease, the last error) and the contact they go to (entity
//! conversations have several), and attachments get their table.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in [
            string_len_null(InboxChannels::Driver, 16),
            text_null(InboxChannels::DriverSettings),
        ] {
            m.alter_table(
                Table::alter()
                    .table(InboxChannels::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        for col in [
            big_integer_null(Messages::ContactId),
            string_len_null(Messages::DeliveryError, 500),
            integer(Messages::DeliveryAttempts).default(0).take(),
            timestamp_with_time_zone_null(Messages::DeliveryDueAt),
            timestamp_with_time_zone_null(Messages::DeliveryLeaseUntil),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(index(
            "messages",
            "delivery_due",
            cols(&["delivery_status", "delivery_due_at"]),
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Attachments::Table)
                .col(big_pk_auto(Attachments::Id))
                .col(big_integer(Attachments::TeamId))
                .col(big_integer(Attachments::MessageId))
                .col(string_len(Attachments::FileName, 255))
                .col(string_len(Attachments::ContentType, 255))
                .col(big_integer(Attachments::Size))
                .col(string_len(Attachments::StorageKey, 100))
                .col(timestamp_with_time_zone(Attachments::CreatedAt))
                .foreign_key(&mut fk_cascade("attachments", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("attachments", "message_id", "messages"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "attachments",
            "message",
            cols(&["message_id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_messages_delivery_due")
                .table(Messages::Table)
                .to_owned(),
        )
        .await?;
        for col in [
            Messages::DeliveryLeaseUntil,
            Messages::DeliveryDueAt,
            Messages::DeliveryAttempts,
            Messages::DeliveryError,
            Messages::ContactId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Messages::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        for col in [InboxChannels::DriverSettings, InboxChannels::Driver] {
            m.alter_table(
                Table::alter()
                    .table(InboxChannels::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum InboxChannels {
    Table,
    Driver,
    DriverSettings,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    ContactId,
    DeliveryError,
    DeliveryAttempts,
    DeliveryDueAt,
    DeliveryLeaseUntil,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    TeamId,
    MessageId,
    FileName,
    ContentType,
    Size,
    StorageKey,
    CreatedAt,
}

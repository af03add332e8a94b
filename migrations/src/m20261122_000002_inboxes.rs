//! Inboxes, their channels, and bot agents (message senders that are not people).

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Inboxes::Table)
                .col(big_pk_auto(Inboxes::Id))
                .col(big_integer(Inboxes::TeamId))
                .col(string_len(Inboxes::Name, 100))
                .col(string_len(Inboxes::InboxType, 16))
                .col(timestamp_with_time_zone(Inboxes::CreatedAt))
                .col(timestamp_with_time_zone(Inboxes::UpdatedAt))
                .foreign_key(&mut fk_cascade("inboxes", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("inboxes", "team", cols(&["team_id", "name"]), false))
            .await?;
        m.create_table(
            Table::create()
                .table(InboxChannels::Table)
                .col(big_pk_auto(InboxChannels::Id))
                .col(big_integer(InboxChannels::TeamId))
                .col(big_integer(InboxChannels::InboxId))
                .col(string_len(InboxChannels::ChannelType, 16))
                .col(string_len(InboxChannels::Name, 100))
                .col(boolean(InboxChannels::IsActive).default(true))
                .col(timestamp_with_time_zone(InboxChannels::CreatedAt))
                .foreign_key(&mut fk_cascade("inbox_channels", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("inbox_channels", "inbox_id", "inboxes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "inbox_channels",
            "inbox",
            cols(&["inbox_id", "channel_type"]),
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Agents::Table)
                .col(big_pk_auto(Agents::Id))
                .col(big_integer(Agents::TeamId))
                .col(string_len(Agents::Name, 100))
                .col(timestamp_with_time_zone(Agents::CreatedAt))
                .foreign_key(&mut fk_cascade("agents", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("agents", "team", cols(&["team_id"]), false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Agents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(InboxChannels::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Inboxes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Inboxes {
    Table,
    Id,
    TeamId,
    Name,
    InboxType,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InboxChannels {
    Table,
    Id,
    TeamId,
    InboxId,
    ChannelType,
    Name,
    IsActive,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    Id,
    TeamId,
    Name,
    CreatedAt,
}

//! Conversations, their messages, and tags.

use crate::{cols, fk_cascade, fk_set_null, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Conversations::Table)
                .col(big_pk_auto(Conversations::Id))
                .col(string_len_uniq(Conversations::Uuid, 36))
                .col(big_integer(Conversations::TeamId))
                .col(big_integer(Conversations::InboxId))
                .col(big_integer_null(Conversations::ContactId))
                .col(big_integer_null(Conversations::AssigneeId))
                .col(string_len(Conversations::Subject, 255))
                .col(string_len(Conversations::Status, 16))
                .col(boolean(Conversations::IsRead).default(false))
                .col(boolean(Conversations::IsArchived).default(false))
                .col(boolean(Conversations::IsStarred).default(false))
                .col(timestamp_with_time_zone_null(Conversations::LastMessageAt))
                .col(timestamp_with_time_zone(Conversations::CreatedAt))
                .col(timestamp_with_time_zone(Conversations::UpdatedAt))
                .foreign_key(&mut fk_cascade("conversations", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("conversations", "inbox_id", "inboxes"))
                .foreign_key(&mut fk_set_null("conversations", "contact_id", "contacts"))
                .foreign_key(&mut fk_set_null("conversations", "assignee_id", "users"))
                .to_owned(),
        )
        .await?;
        let t = "conversations";
        for (suffix, columns) in [
            ("team_activity", &["team_id", "last_message_at", "id"][..]),
            (
                "team_status_activity",
                &["team_id", "status", "last_message_at", "id"][..],
            ),
            ("inbox_activity", &["inbox_id", "last_message_at", "id"][..]),
            ("inbox_unread", &["inbox_id", "is_read", "is_archived"][..]),
            ("team_created", &["team_id", "created_at", "id"][..]),
            ("contact", &["contact_id", "last_message_at"][..]),
        ] {
            m.create_index(index(t, suffix, cols(columns), false))
                .await?;
        }

        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(big_pk_auto(Messages::Id))
                .col(big_integer(Messages::TeamId))
                .col(big_integer(Messages::ConversationId))
                .col(big_integer_null(Messages::InboxChannelId))
                .col(string_len(Messages::MessageType, 16))
                .col(text(Messages::Body))
                .col(boolean(Messages::IsDraft).default(false))
                .col(string_len_null(Messages::DeliveryStatus, 16))
                .col(string_len(Messages::SenderType, 16))
                .col(big_integer_null(Messages::SenderId))
                .col(json(Messages::Cc))
                .col(json(Messages::Bcc))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .col(timestamp_with_time_zone(Messages::UpdatedAt))
                .foreign_key(&mut fk_cascade("messages", "team_id", "teams"))
                .foreign_key(&mut fk_cascade(
                    "messages",
                    "conversation_id",
                    "conversations",
                ))
                .foreign_key(&mut fk_set_null(
                    "messages",
                    "inbox_channel_id",
                    "inbox_channels",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "messages",
            "conversation",
            cols(&["conversation_id", "created_at", "id"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "messages",
            "team_created",
            cols(&["team_id", "created_at", "id"]),
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Tags::Table)
                .col(big_pk_auto(Tags::Id))
                .col(big_integer(Tags::TeamId))
                .col(string_len(Tags::Name, 50))
                .col(string_len(Tags::Color, 7))
                .col(timestamp_with_time_zone(Tags::CreatedAt))
                .foreign_key(&mut fk_cascade("tags", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("tags", "team_name", cols(&["team_id", "name"]), true))
            .await?;
        m.create_table(
            Table::create()
                .table(ConversationTags::Table)
                .col(big_integer(ConversationTags::ConversationId))
                .col(big_integer(ConversationTags::TagId))
                .primary_key(
                    Index::create()
                        .col(ConversationTags::ConversationId)
                        .col(ConversationTags::TagId),
                )
                .foreign_key(&mut fk_cascade(
                    "conversation_tags",
                    "conversation_id",
                    "conversations",
                ))
                .foreign_key(&mut fk_cascade("conversation_tags", "tag_id", "tags"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("conversation_tags", "tag", cols(&["tag_id"]), false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ConversationTags::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Tags::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Messages::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Conversations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    Uuid,
    TeamId,
    InboxId,
    ContactId,
    AssigneeId,
    Subject,
    Status,
    IsRead,
    IsArchived,
    IsStarred,
    LastMessageAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    TeamId,
    ConversationId,
    InboxChannelId,
    MessageType,
    Body,
    IsDraft,
    DeliveryStatus,
    SenderType,
    SenderId,
    Cc,
    Bcc,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    TeamId,
    Name,
    Color,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConversationTags {
    Table,
    ConversationId,
    TagId,
}

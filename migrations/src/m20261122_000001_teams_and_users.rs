//! Teams, users, memberships and login sessions.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Teams::Table)
                .col(big_pk_auto(Teams::Id))
                .col(string_len(Teams::Name, 100))
                .col(string_len_uniq(Teams::Slug, 50))
                .col(timestamp_with_time_zone(Teams::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::Name, 100))
                .col(string(Users::PasswordHash))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TeamMembers::Table)
                .col(big_pk_auto(TeamMembers::Id))
                .col(big_integer(TeamMembers::TeamId))
                .col(big_integer(TeamMembers::UserId))
                .col(string_len(TeamMembers::Role, 16))
                .col(timestamp_with_time_zone(TeamMembers::CreatedAt))
                .foreign_key(&mut fk_cascade("team_members", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("team_members", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "team_members",
            "team_user",
            cols(&["team_id", "user_id"]),
            true,
        ))
        .await?;
        m.create_index(index("team_members", "user", cols(&["user_id"]), false))
            .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(big_pk_auto(Sessions::Id))
                .col(string_len_uniq(Sessions::TokenHash, 64))
                .col(big_integer(Sessions::UserId))
                .col(big_integer(Sessions::TeamId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .foreign_key(&mut fk_cascade("sessions", "user_id", "users"))
                .foreign_key(&mut fk_cascade("sessions", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", "user", cols(&["user_id"]), false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TeamMembers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Users::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Teams::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
    Name,
    Slug,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TeamMembers {
    Table,
    Id,
    TeamId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    TeamId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

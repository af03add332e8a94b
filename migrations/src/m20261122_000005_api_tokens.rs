//! API tokens for the REST API: one team, acting as the user who created them. Only a SHA-256 of
//! the secret part is stored; the plain token is shown once.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(big_pk_auto(ApiTokens::Id))
                .col(big_integer(ApiTokens::TeamId))
                .col(big_integer(ApiTokens::UserId))
                .col(string_len(ApiTokens::Name, 100))
                .col(string_len(ApiTokens::SecretHash, 64))
                .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                .foreign_key(&mut fk_cascade("api_tokens", "team_id", "teams"))
                .foreign_key(&mut fk_cascade("api_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "api_tokens",
            "team_created",
            cols(&["team_id", "created_at", "id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    TeamId,
    UserId,
    Name,
    SecretHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

//! Contacts, with email and phone unique per team.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Contacts::Table)
                .col(big_pk_auto(Contacts::Id))
                .col(big_integer(Contacts::TeamId))
                .col(string_len(Contacts::Name, 100))
                .col(string_len_null(Contacts::Email, 254))
                .col(string_len_null(Contacts::Phone, 16))
                .col(json(Contacts::CustomAttributes))
                .col(string_len_null(Contacts::LastIp, 45))
                .col(text_null(Contacts::LastPageUrl))
                .col(text_null(Contacts::LastUserAgent))
                .col(timestamp_with_time_zone(Contacts::CreatedAt))
                .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                .foreign_key(&mut fk_cascade("contacts", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        // NULLs are distinct in unique indexes on both databases, so contacts without email or phone coexist.
        m.create_index(index(
            "contacts",
            "team_email",
            cols(&["team_id", "email"]),
            true,
        ))
        .await?;
        m.create_index(index(
            "contacts",
            "team_phone",
            cols(&["team_id", "phone"]),
            true,
        ))
        .await?;
        m.create_index(index(
            "contacts",
            "team_name",
            cols(&["team_id", "name"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "contacts",
            "team_created",
            cols(&["team_id", "created_at", "id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Contacts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    TeamId,
    Name,
    Email,
    Phone,
    CustomAttributes,
    LastIp,
    LastPageUrl,
    LastUserAgent,
    CreatedAt,
    UpdatedAt,
}

//! Custom entities: a team's own record types (name, slug, attribute definitions as JSON), their
//! records (values as JSON, an optional external id), the contacts linked to each record, and the
//! record an entity inbox's conversation is about.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CustomEntities::Table)
                .col(big_pk_auto(CustomEntities::Id))
                .col(big_integer(CustomEntities::TeamId))
                .col(string_len(CustomEntities::Name, 100))
                .col(string_len(CustomEntities::Slug, 100))
                .col(json(CustomEntities::Attributes))
                .col(timestamp_with_time_zone(CustomEntities::CreatedAt))
                .col(timestamp_with_time_zone(CustomEntities::UpdatedAt))
                .foreign_key(&mut fk_cascade("custom_entities", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "custom_entities",
            "slug",
            cols(&["team_id", "slug"]),
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(CustomEntityRecords::Table)
                .col(big_pk_auto(CustomEntityRecords::Id))
                .col(big_integer(CustomEntityRecords::TeamId))
                .col(big_integer(CustomEntityRecords::CustomEntityId))
                .col(string_len_null(CustomEntityRecords::ExternalId, 255))
                .col(json(CustomEntityRecords::Values))
                .col(timestamp_with_time_zone(CustomEntityRecords::CreatedAt))
                .col(timestamp_with_time_zone(CustomEntityRecords::UpdatedAt))
                .foreign_key(&mut fk_cascade("custom_entity_records", "team_id", "teams"))
                .foreign_key(&mut fk_cascade(
                    "custom_entity_records",
                    "custom_entity_id",
                    "custom_entities",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "custom_entity_records",
            "polling",
            cols(&["team_id", "created_at", "id"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "custom_entity_records",
            "external",
            cols(&["custom_entity_id", "external_id"]),
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(RecordContacts::Table)
                .col(big_integer(RecordContacts::CustomEntityRecordId))
                .col(big_integer(RecordContacts::ContactId))
                .col(big_integer(RecordContacts::TeamId))
                .primary_key(
                    Index::create()
                        .col(RecordContacts::CustomEntityRecordId)
                        .col(RecordContacts::ContactId),
                )
                .foreign_key(&mut fk_cascade(
                    "custom_entity_record_contacts",
                    "custom_entity_record_id",
                    "custom_entity_records",
                ))
                .foreign_key(&mut fk_cascade(
                    "custom_entity_record_contacts",
                    "contact_id",
                    "contacts",
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .add_column(big_integer_null(Conversations::CustomEntityRecordId))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "conversations",
            "record",
            cols(&["custom_entity_record_id"]),
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_conversations_record")
                .table(Conversations::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Conversations::Table)
                .drop_column(Conversations::CustomEntityRecordId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(RecordContacts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CustomEntityRecords::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(CustomEntities::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CustomEntities {
    Table,
    Id,
    TeamId,
    Name,
    Slug,
    Attributes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CustomEntityRecords {
    Table,
    Id,
    TeamId,
    CustomEntityId,
    ExternalId,
    Values,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RecordContacts {
    #[sea_orm(iden = "custom_entity_record_contacts")]
    Table,
    CustomEntityRecordId,
    ContactId,
    TeamId,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    CustomEntityRecordId,
}

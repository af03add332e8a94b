//! `teams.data_generation`: a counter the database itself bumps, by trigger, whenever any row that
//! the REST API shows for the team is inserted, updated or deleted — by this process, another
//! replica, the CLI or a hand-written SQL statement alike. The API's response cache is keyed by it,
//! so a cached answer can never outlive the data it was read from.
//!
//! PostgreSQL runs the triggers deferred, at commit: the team row is then locked last and only for
//! the instant before commit, so concurrent writers in one team queue briefly instead of risking a
//! deadlock. SQLite serialises writers anyway and runs them per statement.
//!
//! A later migration that adds a table the API shows calls [`watch_table`] for it.

use crate::frozen::team_generation::{PG_FUNCTION, TeamOf, unwatch_table, watch_table};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables the API's resources are read from, and how each finds its team.
const WATCHED: &[(&str, TeamOf)] = &[
    ("users", TeamOf::UserMemberships),
    ("team_members", TeamOf::OwnColumn),
    ("inboxes", TeamOf::OwnColumn),
    ("inbox_channels", TeamOf::OwnColumn),
    ("agents", TeamOf::OwnColumn),
    ("contacts", TeamOf::OwnColumn),
    ("conversations", TeamOf::OwnColumn),
    ("messages", TeamOf::OwnColumn),
    ("tags", TeamOf::OwnColumn),
    ("conversation_tags", TeamOf::Conversation),
    ("attachments", TeamOf::OwnColumn),
    ("custom_entities", TeamOf::OwnColumn),
    ("custom_entity_records", TeamOf::OwnColumn),
    ("custom_entity_record_contacts", TeamOf::OwnColumn),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Teams::Table)
                .add_column(
                    ColumnDef::new(Teams::DataGeneration)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection().execute_unprepared(PG_FUNCTION).await?;
        }
        for (table, team) in WATCHED {
            watch_table(m, table, *team).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, _) in WATCHED {
            unwatch_table(m, table).await?;
        }
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS chatlane_bump_team_generation()")
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Teams::Table)
                .drop_column(Teams::DataGeneration)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    DataGeneration,
}

//! The team event log: every change agents should see is a row of `team_events`, written in the
//! transaction of the change (so a rolled-back change leaves none). Ids grow in commit order
//! (writers of events serialise on PostgreSQL), so "every event after id N" is a complete
//! answer. Live streams read it, and replay from it after a reconnect. `team_event_horizons`
//! remembers, per team, the newest id pruned away: a client asking to resume from before it is
//! told to reload instead.

use crate::{cols, fk_cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TeamEvents::Table)
                .col(big_pk_auto(TeamEvents::Id))
                .col(big_integer(TeamEvents::TeamId))
                .col(string_len(TeamEvents::EventType, 64))
                .col(boolean(TeamEvents::AboutNote).default(false))
                .col(json(TeamEvents::Data))
                .col(timestamp_with_time_zone(TeamEvents::CreatedAt))
                .foreign_key(&mut fk_cascade("team_events", "team_id", "teams"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "team_events",
            "team",
            cols(&["team_id", "id"]),
            false,
        ))
        .await?;
        m.create_index(index(
            "team_events",
            "created",
            cols(&["created_at"]),
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(TeamEventHorizons::Table)
                .col(big_integer(TeamEventHorizons::TeamId).primary_key())
                .col(big_integer(TeamEventHorizons::PrunedThrough))
                .foreign_key(&mut fk_cascade("team_event_horizons", "team_id", "teams"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TeamEventHorizons::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TeamEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum TeamEvents {
    Table,
    Id,
    TeamId,
    EventType,
    AboutNote,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TeamEventHorizons {
    Table,
    TeamId,
    PrunedThrough,
}

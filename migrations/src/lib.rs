//! The database schema as an ordered list of migrations, one per file, each with `up` and `down`.
//! Applied at start-up and by `chatlane migrate`.

pub use sea_orm_migration::prelude::*;

mod frozen;
mod m20261122_000001_teams_and_users;
mod m20261122_000002_inboxes;
mod m20261122_000003_contacts;
mod m20261122_000004_conversations;
mod m20261122_000005_api_tokens;
mod m20261122_000006_message_read_and_external_id;
mod m20261122_000007_channel_drivers_and_attachments;
mod m20261122_000008_custom_entities;
mod m20261122_000009_team_data_generation;
mod m20261122_000010_integrations;
mod m20261122_000011_webhooks;
mod m20261203_000012_webhook_internal_notes;
mod m20261203_000013_team_events;
mod m20261203_000014_builtin_demo_integration;
mod m20261207_000015_visitor_data;
mod m20261207_000016_webhook_payload_format;
mod m20261207_000017_integration_stale_answers;
mod m20261207_000018_integration_health;
mod m20261207_000019_integration_run_conditions;
mod m20261207_000020_integration_plan_generation;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_teams_and_users::Migration),
            Box::new(m20261122_000002_inboxes::Migration),
            Box::new(m20261122_000003_contacts::Migration),
            Box::new(m20261122_000004_conversations::Migration),
            Box::new(m20261122_000005_api_tokens::Migration),
            Box::new(m20261122_000006_message_read_and_external_id::Migration),
            Box::new(m20261122_000007_channel_drivers_and_attachments::Migration),
            Box::new(m20261122_000008_custom_entities::Migration),
            Box::new(m20261122_000009_team_data_generation::Migration),
            Box::new(m20261122_000010_integrations::Migration),
            Box::new(m20261122_000011_webhooks::Migration),
            Box::new(m20261203_000012_webhook_internal_notes::Migration),
            Box::new(m20261203_000013_team_events::Migration),
            Box::new(m20261203_000014_builtin_demo_integration::Migration),
            Box::new(m20261207_000015_visitor_data::Migration),
            Box::new(m20261207_000016_webhook_payload_format::Migration),
            Box::new(m20261207_000017_integration_stale_answers::Migration),
            Box::new(m20261207_000018_integration_health::Migration),
            Box::new(m20261207_000019_integration_run_conditions::Migration),
            Box::new(m20261207_000020_integration_plan_generation::Migration),
        ]
    }
}

/// Creates an index named `idx_<table>_<suffix>` on `cols`.
pub(crate) fn index(
    table_name: &str,
    suffix: &str,
    cols: Vec<Alias>,
    unique: bool,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{table_name}_{suffix}"))
        .table(Alias::new(table_name));
    for c in cols {
        stmt.col(c);
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

/// A foreign key from `from_table.from_col` to `to_table.id`, deleting children with the parent.
pub(crate) fn fk_cascade(
    from_table: &str,
    from_col: &str,
    to_table: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(Alias::new(from_table), Alias::new(from_col))
        .to(Alias::new(to_table), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A foreign key that sets the column to NULL when the parent goes.
pub(crate) fn fk_set_null(
    from_table: &str,
    from_col: &str,
    to_table: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(Alias::new(from_table), Alias::new(from_col))
        .to(Alias::new(to_table), Alias::new("id"))
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

/// Column names as aliases, for index definitions.
pub(crate) fn cols(names: &[&str]) -> Vec<Alias> {
    names.iter().map(|n| Alias::new(*n)).collect()
}

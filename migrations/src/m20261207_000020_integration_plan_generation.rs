//! `teams.integrations_generation`: a counter that database triggers bump on every insert, update
//! or delete of the team's `integrations` or `inbox_integrations` rows, whoever makes it (any
//! replica, the CLI). A profile sheet reads it with its contact, in the same query, and reuses
//! the opened integrations it planned under the same number; any change to an integration or an
//! inbox's attachments makes the next sheet read them afresh, on every replica.
//!
//! On PostgreSQL the triggers are deferred constraint triggers, as the `data_generation` ones are:
//! the bump happens at commit, once per changed row.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["integrations", "inbox_integrations"];

const PG_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION chatlane_bump_integrations_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN ids := ids || OLD.team_id; END IF;
    IF TG_OP <> 'DELETE' THEN ids := ids || NEW.team_id; END IF;
    UPDATE teams SET integrations_generation = integrations_generation + 1 WHERE id = ANY(ids);
    RETURN NULL;
END
$$
"#;

const BUMP: &str = "UPDATE teams SET integrations_generation = integrations_generation + 1";

fn trigger(table: &str, op: &str) -> String {
    format!("trg_{table}_plan_{op}")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Teams::Table)
                .add_column(
                    ColumnDef::new(Teams::IntegrationsGeneration)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(PG_FUNCTION).await?;
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                         EXECUTE FUNCTION chatlane_bump_integrations_generation()",
                        name = trigger(table, "all"),
                    ))
                    .await?;
                }
            }
            _ => {
                for table in TABLES {
                    for (op, event, condition) in [
                        ("ins", "INSERT", "id = NEW.team_id"),
                        ("upd", "UPDATE", "id = NEW.team_id OR id = OLD.team_id"),
                        ("del", "DELETE", "id = OLD.team_id"),
                    ] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP} WHERE {condition}; END",
                            name = trigger(table, op),
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {} ON {table}",
                        trigger(table, "all")
                    ))
                    .await?;
                }
                db.execute_unprepared(
                    "DROP FUNCTION IF EXISTS chatlane_bump_integrations_generation()",
                )
                .await?;
            }
            _ => {
                for table in TABLES {
                    for op in ["ins", "upd", "del"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {}",
                            trigger(table, op)
                        ))
                        .await?;
                    }
                }
            }
        }
        m.alter_table(
            Table::alter()
                .table(Teams::Table)
                .drop_column(Teams::IntegrationsGeneration)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    IntegrationsGeneration,
}

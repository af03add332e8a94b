//! The `data_generation` triggers (introduced by `m20261122_000009_team_data_generation`), as
//! every migration since creates and drops them.
//!
//! Frozen: migrations that have run on users' databases call these, and a fresh database must end
//! up exactly like an upgraded one. Never change what they write; a migration that needs other
//! SQL adds a new helper next to these and uses it from then on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// How a changed row finds the team(s) whose generation to bump.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TeamOf {
    /// The row has a `team_id` column.
    OwnColumn,
    /// A `conversation_tags` row: through its conversation.
    Conversation,
    /// A `users` row: every team the user belongs to (names and emails show in resources).
    UserMemberships,
}

impl TeamOf {
    fn tag(self) -> &'static str {
        match self {
            TeamOf::OwnColumn => "team_id",
            TeamOf::Conversation => "conversation",
            TeamOf::UserMemberships => "user",
        }
    }

    /// A SQLite sub-select of the team ids for the trigger row `row` (`NEW` or `OLD`).
    fn sqlite_ids(self, row: &str) -> String {
        match self {
            TeamOf::OwnColumn => format!("SELECT {row}.team_id"),
            TeamOf::Conversation => {
                format!("SELECT team_id FROM conversations WHERE id = {row}.conversation_id")
            }
            TeamOf::UserMemberships => {
                format!("SELECT team_id FROM team_members WHERE user_id = {row}.id")
            }
        }
    }
}

const BUMP: &str = "UPDATE teams SET data_generation = data_generation + 1";

/// The PostgreSQL trigger function every watched table shares; its argument is a [`TeamOf`] tag.
pub(crate) const PG_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION chatlane_bump_team_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{}';
BEGIN
    IF TG_ARGV[0] = 'team_id' THEN
        IF TG_OP <> 'INSERT' THEN ids := ids || OLD.team_id; END IF;
        IF TG_OP <> 'DELETE' THEN ids := ids || NEW.team_id; END IF;
    ELSIF TG_ARGV[0] = 'conversation' THEN
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT team_id FROM conversations WHERE id = OLD.conversation_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            ids := ids || ARRAY(SELECT team_id FROM conversations WHERE id = NEW.conversation_id);
        END IF;
    ELSIF TG_ARGV[0] = 'user' THEN
        IF TG_OP <> 'INSERT' THEN
            ids := ids || ARRAY(SELECT team_id FROM team_members WHERE user_id = OLD.id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            ids := ids || ARRAY(SELECT team_id FROM team_members WHERE user_id = NEW.id);
        END IF;
    END IF;
    UPDATE teams SET data_generation = data_generation + 1 WHERE id = ANY(ids);
    RETURN NULL;
END
$$
"#;

fn trigger_name(table: &str, op: &str) -> String {
    format!("trg_{table}_bump_{op}")
}

/// Makes every insert, update and delete on `table` bump its team's `data_generation`.
pub(crate) async fn watch_table(
    m: &SchemaManager<'_>,
    table: &str,
    team: TeamOf,
) -> Result<(), DbErr> {
    let db = m.get_connection();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared(&format!(
                "CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} \
                 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                 EXECUTE FUNCTION chatlane_bump_team_generation('{tag}')",
                name = trigger_name(table, "all"),
                tag = team.tag(),
            ))
            .await?;
        }
        _ => {
            let (new, old) = (team.sqlite_ids("NEW"), team.sqlite_ids("OLD"));
            for (op, event, condition) in [
                ("ins", "INSERT", format!("id IN ({new})")),
                ("upd", "UPDATE", format!("id IN ({new}) OR id IN ({old})")),
                ("del", "DELETE", format!("id IN ({old})")),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP} WHERE {condition}; END",
                    name = trigger_name(table, op),
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// Undoes [`watch_table`].
pub(crate) async fn unwatch_table(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS {} ON {table}",
                trigger_name(table, "all")
            ))
            .await?;
        }
        _ => {
            for op in ["ins", "upd", "del"] {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {}",
                    trigger_name(table, op)
                ))
                .await?;
            }
        }
    }
    Ok(())
}

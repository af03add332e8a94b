//! Connecting to SQLite or PostgreSQL and applying migrations.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// Opens a pool for `url` (`sqlite://…` or `postgres://…`). SQLite files get WAL; in-memory SQLite
/// gets a single connection, since every connection would otherwise see its own empty database.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite") {
        if url.contains(":memory:") || url.contains("mode=memory") {
            options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        } else {
            options.max_connections(8);
        }
    } else {
        options.max_connections(16);
    }
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers proceed while a writer commits; the setting persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
        db.execute_unprepared("PRAGMA foreign_keys=ON;").await?;
    }
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Reverts the last `steps` migrations.
pub async fn migrate_down(db: &DatabaseConnection, steps: u32) -> Result<(), DbErr> {
    Migrator::down(db, Some(steps)).await
}

/// Names of applied and pending migrations, for `chatlane migrate status`.
pub async fn migration_status(
    db: &DatabaseConnection,
) -> Result<(Vec<String>, Vec<String>), DbErr> {
    let applied = Migrator::get_applied_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let pending = Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok((applied, pending))
}

/// Checks the database answers (for health checks).
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

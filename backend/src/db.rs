//! Connecting to SQLite or PostgreSQL and applying migrations.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
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
        // An embedded database cannot drop a connection, so sqlx's default ping before every
        // checkout would only double each query's trips to the connection's worker thread.
        options.test_before_acquire(false);
        if url.contains(":memory:") || url.contains("mode=memory") {
            options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        } else {
            options.max_connections(8);
            // Per connection (a PRAGMA run once would reach only one pooled connection): WAL so readers
            // never wait for a writer, NORMAL sync (safe with WAL), foreign keys, and a memory map
            // and page cache so hot reads skip read(2).
            options.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .pragma("mmap_size", "268435456")
                    .pragma("cache_size", "-16000")
                    .pragma("temp_store", "memory")
            });
        }
    } else {
        // A server, proxy or firewall may drop a connection that sat idle; a busy one is checked
        // by use (sqlx closes it on error), so only idle ones cost a ping.
        options
            .max_connections(16)
            .test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    Database::connect(options).await
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

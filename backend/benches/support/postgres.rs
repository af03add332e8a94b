//! A scratch PostgreSQL database for a benchmark, created on the server `DATABASE_URL_TEST_PG`
//! names, migrated, and dropped when the benchmark is done with it.

use backend::{DatabaseConnection, db};
use sea_orm::ConnectionTrait;

/// A fresh, migrated database of its own on the test server.
pub struct ScratchPostgres {
    admin: DatabaseConnection,
    name: String,
    /// The connection to it.
    pub db: DatabaseConnection,
}

impl ScratchPostgres {
    /// A new database on `DATABASE_URL_TEST_PG`'s server, or `None` when it is not set.
    pub async fn create() -> Option<ScratchPostgres> {
        let admin_url = std::env::var("DATABASE_URL_TEST_PG")
            .ok()
            .filter(|u| !u.is_empty())?;
        let admin = db::connect(&admin_url).await.expect("postgres");
        let name = format!("chatlane_bench_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create database");
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let db = db::connect(&format!("{base}/{name}"))
            .await
            .expect("connect");
        db::migrate(&db).await.expect("migrate");
        Some(ScratchPostgres { admin, name, db })
    }

    /// Closes the connection and drops the database.
    pub async fn drop(self) {
        let _ = self.db.close().await;
        let _ = self
            .admin
            .execute_unprepared(&format!("DROP DATABASE \"{}\" WITH (FORCE)", self.name))
            .await;
    }
}

//! The REST API's token check on SQLite connections of its own.
//!
//! Every REST request reads its token (and its team's data generation) once, so this is the
//! hottest query in the API. Through the pool, sqlx pings an SQLite connection's worker thread
//! again each time the connection is handed back, which doubles the thread hand-offs of that one
//! read. A [`TokenReader`] keeps a few connections out of the pool for exactly this read.
//! Each statement on them still reads the newest committed data (WAL, autocommit), whoever wrote
//! it, so a revoked token is refused on the next request just as through the pool.
//!
//! PostgreSQL and in-memory SQLite (one shared connection) read through the pool.

use crate::auth::api_tokens::{
    ApiTokenService, TokenActor, TokenRow, parse_token, token_lookup_sql,
};
use crate::error::{ServiceError, ServiceResult};
use sea_orm::sqlx::{self, SqliteConnection};
use sea_orm::{DatabaseConnection, DbBackend, DbErr, RuntimeErr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Mutex;

/// Connections held for token checks. Each check holds one only for a single indexed read, but
/// waits for its worker thread to be scheduled; on 2 cores, 2 held connections capped the API
/// below the pool's throughput and 4 no longer did (`make bench`).
const HELD_CONNECTIONS: usize = 4;

/// The columns of [`token_lookup_sql`], in order.
type LookupColumns = (
    i64,
    i64,
    String,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<String>,
    i64,
);

/// Checks presented API tokens (cheap to clone; clones share the held connections).
#[derive(Clone)]
pub struct TokenReader {
    db: DatabaseConnection,
    /// Present for SQLite files; each slot is opened on first use and again after an error.
    held: Option<Arc<HeldConnections>>,
}

struct HeldConnections {
    slots: Vec<Mutex<Option<SqliteConnection>>>,
    next: AtomicUsize,
}

impl TokenReader {
    /// A reader over `db`'s database.
    pub fn new(db: DatabaseConnection) -> Self {
        // An in-memory database lives in its pool's one connection: taking it out would leave
        // the pool to open a new, empty database.
        let held = (db.get_database_backend() == DbBackend::Sqlite
            && db
                .get_sqlite_connection_pool()
                .options()
                .get_max_connections()
                > 1)
        .then(|| {
            Arc::new(HeldConnections {
                slots: (0..HELD_CONNECTIONS).map(|_| Mutex::new(None)).collect(),
                next: AtomicUsize::new(0),
            })
        });
        Self { db, held }
    }

    /// Resolves a presented bearer token to who it acts as, exactly as
    /// [`ApiTokenService::authenticate`] does.
    pub async fn authenticate(&self, presented: &str) -> ServiceResult<TokenActor> {
        let Some(held) = &self.held else {
            return ApiTokenService::authenticate(&self.db, presented).await;
        };
        let (id, secret) = parse_token(presented).ok_or(ServiceError::Unauthenticated)?;
        let row = held.read(&self.db, id).await?;
        ApiTokenService::admit(&self.db, id, secret, row).await
    }
}

impl HeldConnections {
    /// The token's row, read on a free held connection (or the next one in turn, once it is free).
    async fn read(&self, db: &DatabaseConnection, id: i64) -> ServiceResult<Option<TokenRow>> {
        let free = self.slots.iter().find_map(|slot| slot.try_lock().ok());
        let mut slot = match free {
            Some(slot) => slot,
            None => {
                let turn = self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len();
                self.slots[turn].lock().await
            }
        };
        // Taken out for the read and put back only after a clean one: a connection that failed
        // once is not trusted again, and the next check opens another.
        let mut connection = match slot.take() {
            Some(connection) => connection,
            None => db
                .get_sqlite_connection_pool()
                .acquire()
                .await
                .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e))))?
                .detach(),
        };
        let read = sqlx::query_as::<_, LookupColumns>(token_lookup_sql(DbBackend::Sqlite))
            .bind(id)
            .fetch_optional(&mut connection)
            .await;
        match read {
            Ok(row) => {
                *slot = Some(connection);
                Ok(row.map(
                    |(team_id, user_id, secret_hash, last_used_at, role, data_generation)| {
                        TokenRow {
                            team_id,
                            user_id,
                            secret_hash,
                            last_used_at,
                            role,
                            data_generation,
                        }
                    },
                ))
            }
            Err(e) => Err(DbErr::Query(RuntimeErr::SqlxError(Arc::new(e))).into()),
        }
    }
}

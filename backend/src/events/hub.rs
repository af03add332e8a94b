//! Fan-out of committed events to the streams of this process.
//!
//! One task per process reads the log forward from the newest id it has seen and broadcasts each
//! new event once to every stream (each filters by team and visibility). It is woken by
//! PostgreSQL's `NOTIFY` (events committed on any replica) and otherwise looks again every
//! [`LiveSettings::poll`] (SQLite, where writers are in this process; on PostgreSQL only as a
//! safety net while the listener reconnects). The broadcast buffer is bounded: a stream that
//! falls further behind than [`LiveSettings::buffer`] events is told to reset, never buffered
//! without bound.
//!
//! The same reader wakes this replica's webhook worker whenever it reads newly committed events
//! (their deliveries were queued in the same transaction), so a delivery leaves at once instead of
//! at the worker's next poll; the server starts the reader at start-up for that ([`LiveHub::start`]).

use super::{LoggedEvent, NOTIFY_CHANNEL};
use crate::delivery::WorkerWakeup;
use sea_orm::{DatabaseConnection, DbBackend};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{Notify, broadcast, watch};

/// Most events read from the log per wake-up.
const BATCH: u64 = 1_000;

/// The hub's timings and sizes.
#[derive(Debug, Clone, Copy)]
pub struct LiveSettings {
    /// How often the log is read without a wake-up.
    pub poll: Duration,
    /// How often an idle stream sends a keep-alive comment and checks its credential.
    pub keep_alive: Duration,
    /// Events a stream may fall behind before it is reset.
    pub buffer: usize,
    /// Events a resuming stream reads from the log at once: the most replayed events one stream
    /// holds in memory, however far behind it resumes.
    pub replay_page: u64,
}

impl LiveSettings {
    /// The server's settings for `backend`: SQLite polls every 25 ms (a read of the newest id);
    /// PostgreSQL relies on `NOTIFY` and polls once a second. Keep-alives every 20 s; replays in
    /// pages of 500.
    pub fn standard(backend: DbBackend) -> Self {
        LiveSettings {
            poll: match backend {
                DbBackend::Postgres => Duration::from_secs(1),
                _ => Duration::from_millis(25),
            },
            keep_alive: Duration::from_secs(20),
            buffer: 4_096,
            replay_page: 500,
        }
    }
}

/// The per-process fan-out (cheap to clone; clones share it).
#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    settings: LiveSettings,
    events: broadcast::Sender<Arc<LoggedEvent>>,
    wake: Notify,
    /// Woken whenever new events were read (the webhook worker).
    on_events: Option<WorkerWakeup>,
    started: OnceLock<()>,
    /// True once the reader knows where the log ends: events after that are broadcast.
    reading: watch::Sender<bool>,
    closing: watch::Sender<bool>,
}

impl LiveHub {
    /// A hub over `db`; its task starts with the first stream or [`start`](Self::start).
    /// `on_events` is woken whenever the reader finds newly committed events.
    pub fn new(
        db: DatabaseConnection,
        settings: LiveSettings,
        on_events: Option<WorkerWakeup>,
    ) -> Self {
        let (events, _) = broadcast::channel(settings.buffer);
        LiveHub {
            inner: Arc::new(Inner {
                db,
                settings,
                events,
                wake: Notify::new(),
                on_events,
                started: OnceLock::new(),
                reading: watch::Sender::new(false),
                closing: watch::Sender::new(false),
            }),
        }
    }

    /// The hub's settings.
    pub fn settings(&self) -> LiveSettings {
        self.inner.settings
    }

    /// A receiver of every event committed after this returns (starting the reader if it is not
    /// yet running, and waiting until it knows where the log ends, so a replay read afterwards
    /// and the broadcast leave no gap), and the closing signal.
    pub(crate) async fn subscribe(
        &self,
    ) -> (broadcast::Receiver<Arc<LoggedEvent>>, watch::Receiver<bool>) {
        let receiver = self.inner.events.subscribe();
        self.start();
        let mut reading = self.inner.reading.subscribe();
        let mut closing = self.inner.closing.subscribe();
        tokio::select! {
            _ = reading.wait_for(|r| *r) => {}
            _ = closing.wait_for(|c| *c) => {}
        }
        (receiver, self.inner.closing.subscribe())
    }

    /// Starts the reader (and the `LISTEN` on PostgreSQL) if it is not running yet.
    pub fn start(&self) {
        self.inner.started.get_or_init(|| {
            tokio::spawn(read_forward(self.inner.clone()));
            if self.inner.db.get_database_backend() == DbBackend::Postgres {
                tokio::spawn(listen(self.inner.clone()));
            }
        });
    }

    /// Streams open on this process right now (each holds one receiver of the broadcast).
    pub fn open_streams(&self) -> usize {
        self.inner.events.receiver_count()
    }

    /// Ends every stream (graceful shutdown: clients reconnect to another replica).
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }
}

/// Reads the log forward and broadcasts each new event, until the hub closes.
async fn read_forward(inner: Arc<Inner>) {
    let mut closing = inner.closing.subscribe();
    let mut seen = loop {
        match super::latest_id(&inner.db).await {
            Ok(id) => break id,
            Err(e) => {
                tracing::warn!(error = %e, "live events: cannot read the log yet");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    inner.reading.send_replace(true);
    loop {
        match super::after(&inner.db, seen, BATCH).await {
            Ok(events) => {
                let full = events.len() as u64 == BATCH;
                if let Some(worker) = inner.on_events.as_ref().filter(|_| !events.is_empty()) {
                    worker.wake();
                }
                for event in events {
                    seen = event.id;
                    // No receivers is fine: nobody is watching.
                    let _ = inner.events.send(Arc::new(event));
                }
                if full {
                    continue;
                }
            }
            Err(e) => tracing::warn!(error = %e, "live events: reading the log failed"),
        }
        tokio::select! {
            _ = inner.wake.notified() => {}
            _ = tokio::time::sleep(inner.settings.poll) => {}
            _ = closing.wait_for(|c| *c) => return,
        }
    }
}

/// Holds a `LISTEN` on PostgreSQL and wakes the reader at every notification, reconnecting after
/// an error (the reader's poll covers the gap).
async fn listen(inner: Arc<Inner>) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut closing = inner.closing.subscribe();
    let pool = inner.db.get_postgres_connection_pool().clone();
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "live events: LISTEN connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(NOTIFY_CHANNEL).await {
            tracing::warn!(error = %e, "live events: LISTEN failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // A commit may have happened while not listening.
        inner.wake.notify_one();
        loop {
            tokio::select! {
                received = listener.recv() => match received {
                    Ok(_) => inner.wake.notify_one(),
                    Err(e) => {
                        tracing::warn!(error = %e, "live events: LISTEN connection lost");
                        break;
                    }
                },
                _ = closing.wait_for(|c| *c) => return,
            }
        }
    }
}

//! The wake-up call a service (or the live hub) rings after committing work a background worker
//! should do now. Its own module, depending on nothing, so the application state and the
//! workers that hold it do not depend on each other through it.

use std::sync::Arc;
use tokio::sync::Notify;

/// A wake-up call for delivery workers (not a queue: the rows are): a worker sleeping until its
/// next poll looks at once when it is woken. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct WorkerWakeup {
    wake: Arc<Notify>,
}

impl WorkerWakeup {
    /// No wake-up pending.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tells a waiting worker to look now (call after committing a `sending` message).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Resolves when [`wake`](Self::wake) is called.
    pub async fn notified(&self) {
        self.wake.notified().await;
    }
}

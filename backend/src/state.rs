//! What every request handler needs: the database pool, the login limiter, the one outbound HTTP
//! client, the sealing key, attachment storage, the delivery queue, the integration cache and the
//! live event hub.

use crate::auth::sealed::SecretBox;
use crate::auth::{LoginLimiter, TrustedProxies};
use crate::delivery::WorkerWakeup;
use crate::events::LiveHub;
use crate::outbound::OutboundClient;
use crate::services::integrations::budget::RefreshBudget;
use crate::services::integrations::cache::ResultCache;
use crate::storage::AttachmentStore;
use sea_orm::DatabaseConnection;

/// Shared, cheaply cloned state for both doors (server functions and REST handlers) and the
/// background workers.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Failed-login counters.
    pub login_limiter: LoginLimiter,
    /// Whether cookies carry `Secure` (the public URL is https); a request a trusted proxy
    /// says came over https gets them too.
    pub secure_cookies: bool,
    /// The reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// The guarded client for every call to an admin-configured URL.
    pub outbound: OutboundClient,
    /// The same client under the download rules, for `file_urls` that any member may send:
    /// public addresses plus only `CHATLANE_DOWNLOAD_ALLOW` (never the integrations' allow list).
    pub downloads: OutboundClient,
    /// Seals and opens secrets stored in the database.
    pub secrets: SecretBox,
    /// Attachment files.
    pub attachments: AttachmentStore,
    /// Wakes the delivery workers.
    pub deliveries: WorkerWakeup,
    /// Wakes the webhook workers (after an event is committed to the outbox).
    pub webhooks: WorkerWakeup,
    /// Integration answers kept for their cache duration.
    pub integration_cache: ResultCache,
    /// Each member's budget of manual refreshes.
    pub refresh_budget: RefreshBudget,
    /// Each integration's circuit breaker on this replica.
    pub breakers: crate::services::integrations::breaker::Breakers,
    /// Each integration's budget of calls per minute to its system, on this replica.
    pub upstream_budgets: crate::services::integrations::upstream_budget::UpstreamBudgets,
    /// Writes integration run log entries in batches.
    pub run_log: crate::services::integrations::run_log::RunLogWriter,
    /// This replica's integration health tallies not yet written.
    pub health: crate::services::integrations::health::HealthRecorder,
    /// The inboxes' plans of integrations, opened, per team generation.
    pub integration_plans: crate::services::integrations::plan::PlanCache,
    /// What `/metrics` exposes (this replica's figures).
    pub metrics: crate::metrics::Metrics,
    /// Fans committed events out to this process's live streams.
    pub live: LiveHub,
}

//! What the benchmarks share: the services' state as the server builds it, with only loopback
//! (where their stubs listen) allowed as an outbound destination.

use backend::auth::LoginLimiter;
use backend::auth::sealed::SecretBox;
use backend::delivery::WorkerWakeup;
use backend::outbound::OutboundClient;
use backend::services::integrations::cache::ResultCache;
use backend::storage::AttachmentStore;
use backend::{AppState, DatabaseConnection};

/// The state over `connection`, with an integration cache of `cache_mb` megabytes.
pub fn state(connection: DatabaseConnection, cache_mb: u32) -> AppState {
    AppState {
        db: connection,
        login_limiter: LoginLimiter::standard(),
        secure_cookies: false,
        outbound: OutboundClient::with_policy(
            backend::outbound::policy::DestinationPolicy::new(&["127.0.0.1".to_string()])
                .expect("policy")
                .without_public(),
        )
        .expect("client"),
        secrets: SecretBox::new(&[9u8; 32]),
        attachments: AttachmentStore::new(&std::env::temp_dir().join("chatlane-bench")),
        deliveries: WorkerWakeup::new(),
        webhooks: WorkerWakeup::new(),
        integration_cache: ResultCache::new(cache_mb),
    }
}

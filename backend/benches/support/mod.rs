//! What the benchmarks share: the services' state as the server builds it, with only loopback
//! (where their stubs listen) allowed as an outbound destination.

use backend::services::integrations::budget::RefreshBudget;
use backend::{AppState, DatabaseConnection};

/// The state over `connection`, with an integration cache of `cache_mb` megabytes and loopback
/// (where the benchmarks' upstreams listen) allowed.
pub fn state(connection: DatabaseConnection, cache_mb: u32) -> AppState {
    AppState::for_tests(&connection)
        .allowing(&["127.0.0.1"])
        .with_integration_cache(cache_mb)
        // The benchmark refreshes in a loop on purpose: no member's budget applies.
        .with_refresh_budget(RefreshBudget::new(1_000_000, 1_000_000))
}

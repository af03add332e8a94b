//! `get_integration_health`: how each of the team's integrations is doing over a window; admins
//! only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::health::{HealthReport, HealthWindow};

/// Every integration of the team over `window` (calls, success rate, latency, cache hits, stale
/// answers, breaker openings, a chart and the last failures); admins only.
#[server(prefix = "/rpc", endpoint = "get_integration_health")]
pub async fn get_integration_health(window: HealthWindow) -> Result<HealthReport, AppError> {
    use backend::services::integrations::health::report::report;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(report(
        &state.db,
        &state.health,
        &s.actor,
        window,
        chrono::Utc::now(),
    )
    .await?)
}

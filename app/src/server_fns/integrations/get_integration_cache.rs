//! `get_integration_cache`: how integration `id`'s answers are kept on this server; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::view::CacheUsage;

/// How integration `id`'s answers are kept on this server (entries, hits and misses since it
/// started); admins only.
#[server(prefix = "/rpc", endpoint = "get_integration_cache")]
pub async fn get_integration_cache(id: i64) -> Result<CacheUsage, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(IntegrationService::cache_usage(&state, &s.actor, id).await?)
}

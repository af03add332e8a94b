//! `clear_integration_cache`: forgets integration `id`'s kept answers, all or one contact's;
//! admins only.

use crate::errors::AppError;
use leptos::prelude::*;

/// Forgets integration `id`'s kept answers on this server — all of them, or contact
/// `contact_id`'s — and returns how many there were; admins only.
#[server(prefix = "/rpc", endpoint = "clear_integration_cache")]
pub async fn clear_integration_cache(id: i64, contact_id: Option<i64>) -> Result<u64, AppError> {
    use backend::services::integrations::IntegrationService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(IntegrationService::clear_cache(&state, &s.actor, id, contact_id).await?)
}

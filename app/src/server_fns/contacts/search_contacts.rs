//! `search_contacts`: contacts whose name, email or phone contains `q`.

use crate::errors::AppError;
use leptos::prelude::*;
use model::contact::ContactSummary;
use model::page::Page;

/// Contacts whose name, email or phone contains `q`.
#[server(prefix = "/rpc", endpoint = "search_contacts")]
pub async fn search_contacts(q: String, page: u64) -> Result<Page<ContactSummary>, AppError> {
    use backend::services::contacts::ContactService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ContactService::search(&state.db, &s.actor, &q, page).await?)
}

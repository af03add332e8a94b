//! `get_contact_profile`: everything the profile sheet shows about a contact.

use crate::errors::AppError;
use leptos::prelude::*;
use model::contact::ContactProfile;

/// Everything the profile sheet shows about a contact.
#[server(prefix = "/rpc", endpoint = "get_contact_profile")]
pub async fn get_contact_profile(id: i64) -> Result<ContactProfile, AppError> {
    use backend::services::contacts::ContactService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ContactService::profile(&state.db, &s.actor, id).await?)
}

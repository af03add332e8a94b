//! `get_test_values`: the values a test with a contact (and one of the team's conversations)
//! starts from, for the Testing tab to show and let the admin edit; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The variable values of contact `contact_id` (with conversation `conversation_id`), by
/// variable name; another team's ids are not found. Admins only.
#[server(prefix = "/rpc", endpoint = "get_test_values")]
pub async fn get_test_values(
    contact_id: i64,
    conversation_id: Option<i64>,
) -> Result<BTreeMap<String, serde_json::Value>, AppError> {
    use backend::services::integrations::testing;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(testing::sample_values(&state, &s.actor, contact_id, conversation_id).await?)
}

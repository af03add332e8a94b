//! `test_integration`: tests the editor's form (`id` is the integration being edited, if saved)
//! with `values` (variable name → value): a contact's as the admin left them, or typed.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::{IntegrationInput, TestOutcome};
use std::collections::BTreeMap;

/// Tests the editor's form (`id` is the integration being edited, if saved) with `values`
/// (variable name → value), read from contact `contact_id` and perhaps edited, or typed by hand.
/// Never cached.
#[server(prefix = "/rpc", endpoint = "test_integration", input = server_fn::codec::Json)]
pub async fn test_integration(
    id: Option<i64>,
    input: IntegrationInput,
    contact_id: Option<i64>,
    values: BTreeMap<String, serde_json::Value>,
) -> Result<TestOutcome, AppError> {
    use backend::services::integrations::testing::{self, TestSample, TestTarget};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    // The values are what runs; a contact they were read from is named in the run log.
    let sample = match contact_id {
        Some(contact_id) => TestSample::EditedContact { contact_id, values },
        None => TestSample::Values(values),
    };
    let target = TestTarget::Form {
        id,
        input: Box::new(input),
    };
    Ok(testing::test(&state, &s.actor, target, sample).await?)
}

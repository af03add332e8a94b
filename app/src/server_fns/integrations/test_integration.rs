//! `test_integration`: tests the editor's form (`id` is the integration being edited, if saved)
//! against a contact or hand-entered `values` (variable name → value).

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::{IntegrationInput, TestOutcome};
use std::collections::BTreeMap;

/// Tests the editor's form (`id` is the integration being edited, if saved) against a contact
/// or hand-entered `values` (variable name → value). Never cached.
#[server(prefix = "/rpc", endpoint = "test_integration", input = server_fn::codec::Json)]
pub async fn test_integration(
    id: Option<i64>,
    input: IntegrationInput,
    contact_id: Option<i64>,
    values: BTreeMap<String, serde_json::Value>,
) -> Result<TestOutcome, AppError> {
    use backend::services::integrations::testing::{self, TestSample, TestTarget};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let sample = match contact_id {
        Some(contact_id) => TestSample::Contact {
            contact_id,
            conversation_id: None,
        },
        None => TestSample::Values(values),
    };
    let target = TestTarget::Form {
        id,
        input: Box::new(input),
    };
    Ok(testing::test(&state, &s.actor, target, sample).await?)
}

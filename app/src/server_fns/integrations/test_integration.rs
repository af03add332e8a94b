use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::TestOutcome;

/// Tests the editor's form (JSON; `id` is the integration being edited, if saved) against a
/// contact or hand-entered `values` (JSON object of variable name → value). Never cached.
#[server(prefix = "/rpc", endpoint = "test_integration")]
pub async fn test_integration(
    id: Option<i64>,
    form: String,
    contact_id: Option<i64>,
    values: String,
) -> Result<TestOutcome, AppError> {
    use backend::services::integrations::testing::{self, TestSample, TestTarget};
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let input = super::form_input(&form)?;
    let sample = match contact_id {
        Some(contact_id) => TestSample::Contact {
            contact_id,
            conversation_id: None,
        },
        None => TestSample::Values(serde_json::from_str(&values).unwrap_or_default()),
    };
    let target = TestTarget::Form {
        id,
        input: Box::new(input),
    };
    Ok(testing::test(&state, &s.actor, target, sample).await?)
}

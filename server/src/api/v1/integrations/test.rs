//! `POST /api/v1/integrations/{id}/test`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{Single, TestOutcomeResource};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::integrations::testing::{self, TestSample, TestTarget};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// Whose data to test with: a contact (and one of their conversations), or sample values by
/// variable name; neither runs with no values.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contact_id": 1}))]
pub struct TestBody {
    /// One of the team's contacts.
    #[schema(minimum = 1)]
    pub contact_id: Option<i64>,
    /// A conversation of that contact.
    #[schema(minimum = 1)]
    pub conversation_id: Option<i64>,
    /// Values by variable name, e.g. `{"contact.email": "sam@example.com"}` (instead of a contact).
    #[schema(value_type = Option<Object>)]
    pub values: Option<Map<String, Value>>,
}

/// Runs a saved integration now (admin tokens): never cached; the answer is returned in full,
/// and a successful JSON answer becomes the integration's `sample_data`.
#[utoipa::path(
    post,
    path = "/api/v1/integrations/{id}/test",
    tag = "Integrations",
    summary = "Test a contact integration",
    params(("id" = i64, Path, description = "The integration's id")),
    request_body(content = TestBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The outcome (also when the API call failed: see `status` and `error`)", body = crate::api::resources::Single<crate::api::resources::TestOutcomeResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such integration in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Both a contact and values, or an unknown contact (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn test_integration(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<TestBody>,
) -> Result<Json<Single<TestOutcomeResource>>, ApiError> {
    let sample = match (body.contact_id, body.values) {
        (Some(_), Some(_)) => {
            return Err(backend::ServiceError::invalid(
                "values",
                "Test with a contact or with values, not both.",
            )
            .into());
        }
        (Some(contact_id), None) => TestSample::Contact {
            contact_id,
            conversation_id: body.conversation_id,
        },
        (None, values) => TestSample::Values(values.unwrap_or_default().into_iter().collect()),
    };
    backend::services::integrations::IntegrationService::find(&state.app, &caller.actor, id)
        .await?;
    let outcome = testing::test(&state.app, &caller.actor, TestTarget::Saved(id), sample)
        .await
        .map_err(|e| match e {
            // The integration exists (checked above): an unknown contact is the body's mistake.
            backend::ServiceError::NotFound if body.contact_id.is_some() => ApiError::from(
                backend::ServiceError::invalid("contact_id", "No such contact in this team."),
            ),
            other => other.into(),
        })?;
    Ok(Json(Single::of(outcome.into())))
}

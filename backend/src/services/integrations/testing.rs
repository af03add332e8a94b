//! Admins' test runs: a saved integration, or the unsaved form (masked secrets standing for the
//! stored ones), against a chosen contact or hand-entered sample values. Never cached; the answer
//! is shown in full (pretty JSON, up to the 1 MiB limit) with the URL called, credential-like query
//! values masked. A successful JSON answer becomes the integration's sample data.

use super::call::{CallError, OutboundCall, prepare, read_answer};
use super::run_log::RunRecord;
use super::stored::OpenIntegration;
use super::{IntegrationService, checked};
use crate::actor::Actor;
use crate::error::ServiceResult;
use crate::services::contacts::ContactService;
use crate::state::AppState;
use model::integration::RunTrigger;
use model::integration::stale::FailureKind;
use model::integration::view::is_secret_param;
use model::integration::{
    IntegrationInput, Prepared, RunStatus, TestOutcome, VariableValues, mask_secret,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Instant;

/// What to test.
#[derive(Debug, Clone)]
pub enum TestTarget {
    /// A saved integration as stored.
    Saved(i64),
    /// The editor's form; `id` is the integration being edited (its stored secrets stand in for
    /// masked values, and a good answer becomes its sample), `None` for a new one.
    Form {
        /// The integration being edited.
        id: Option<i64>,
        /// The form.
        input: Box<IntegrationInput>,
    },
}

/// Whose values to test with.
#[derive(Debug, Clone)]
pub enum TestSample {
    /// One of the team's contacts (and optionally one of their conversations).
    Contact {
        /// The contact.
        contact_id: i64,
        /// A conversation of theirs.
        conversation_id: Option<i64>,
    },
    /// Hand-entered values by variable name (`contact.email` → `"a@b.example"`).
    Values(BTreeMap<String, Value>),
    /// A contact's values as the admin edited them before the run (the Testing tab): the run
    /// uses `values`; the run log names the contact, which must be the team's.
    EditedContact {
        /// The contact the values were read from.
        contact_id: i64,
        /// The values to run with, by variable name.
        values: BTreeMap<String, Value>,
    },
}

/// The values a test for `contact_id` (and `conversation_id`, one of the team's conversations)
/// starts from, by variable name, for the admin to read and edit before running (admins only;
/// another team's ids are not found).
pub async fn sample_values(
    state: &AppState,
    actor: &Actor,
    contact_id: i64,
    conversation_id: Option<i64>,
) -> ServiceResult<BTreeMap<String, Value>> {
    actor.require_admin()?;
    Ok(contact_values(state, actor, contact_id, conversation_id)
        .await?
        .0)
}

/// The variable values of a test run for `contact_id` in `conversation_id`.
async fn contact_values(
    state: &AppState,
    actor: &Actor,
    contact_id: i64,
    conversation_id: Option<i64>,
) -> ServiceResult<VariableValues> {
    let request = super::runner::RunRequest {
        contact_id,
        conversation_id,
        inbox_id: None,
        refresh: super::runner::Refresh::All,
        trigger: RunTrigger::Test,
    };
    super::subject::values_for(state, actor, &request.about()).await
}

/// `url` with the values of credential-like query parameters masked.
fn masked_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if is_secret_param(name) && !value.is_empty() => {
                format!("{name}={}", mask_secret(value))
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// The pretty-printed body of an answer.
fn shown_body(data: &Value) -> String {
    match data {
        Value::String(text) => text.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Runs a test (admins only).
pub async fn test(
    state: &AppState,
    actor: &Actor,
    target: TestTarget,
    sample: TestSample,
) -> ServiceResult<TestOutcome> {
    actor.require_admin()?;
    // `keeps_sample`: the answer becomes the template builder's sample data only when what was
    // tested is what is saved; an unsaved form's answer is shown, never stored.
    let (open, saved_id, keeps_sample) = match target {
        TestTarget::Saved(id) => (
            IntegrationService::find(state, actor, id).await?,
            Some(id),
            true,
        ),
        TestTarget::Form { id, input } => {
            let previous = match id {
                Some(id) => Some(IntegrationService::find(state, actor, id).await?),
                None => None,
            };
            let input = checked(state, *input, previous.as_ref())?;
            let unchanged = previous.as_ref().is_some_and(|p| p.input() == input);
            (unsaved(actor, previous.as_ref(), &input), id, unchanged)
        }
    };
    let (values, contact_id) = match sample {
        TestSample::Contact {
            contact_id,
            conversation_id,
        } => (
            contact_values(state, actor, contact_id, conversation_id).await?,
            Some(contact_id),
        ),
        TestSample::Values(map) => (VariableValues(map), None),
        TestSample::EditedContact { contact_id, values } => {
            let contact = ContactService::find(&state.db, actor, contact_id).await?;
            (VariableValues(values), Some(contact.id))
        }
    };
    let started = Instant::now();
    let mut failure = None;
    let mut outcome = TestOutcome {
        status: RunStatus::Error,
        http_status: None,
        duration_ms: 0,
        method: open.method,
        resolved_url: None,
        content_type: None,
        content_length: None,
        body: None,
        error: None,
    };
    match prepare(&open, &values) {
        Err(message) => outcome.error = Some(message),
        Ok(Prepared::Skipped { reason }) => {
            outcome.status = RunStatus::Skipped;
            outcome.error = Some(reason);
        }
        Ok(Prepared::Ready(request)) => {
            outcome.resolved_url = Some(masked_url(&request.url));
            match OutboundCall::new(&open, request).exchange(state).await {
                Err(e) => {
                    let e = CallError::from(e);
                    failure = Some(e.failure);
                    outcome.error = Some(e.message);
                }
                Ok(response) => {
                    outcome.http_status = Some(response.status);
                    outcome.content_type = response.content_type.clone();
                    outcome.content_length = u64::try_from(response.body.len()).ok();
                    if !(200..300).contains(&response.status) {
                        failure = Some(FailureKind::Status);
                        // A failed call's body is never shown, only the reason it gave.
                        outcome.error = response.error_for_status().err().map(|e| e.to_string());
                    } else {
                        match read_answer(response) {
                            Err(e) => outcome.error = Some(e.message),
                            Ok((data, _)) => {
                                outcome.body = Some(shown_body(&data));
                                outcome.status = RunStatus::Ok;
                                if let (Some(id), true, false) =
                                    (saved_id, keeps_sample, data.is_string())
                                {
                                    IntegrationService::keep_sample(state, actor, id, data).await?;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    outcome.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if let Some(id) = saved_id {
        state.run_log.record_later(RunRecord {
            team_id: actor.team_id,
            integration_id: id,
            contact_id,
            user_id: Some(actor.user_id),
            trigger: RunTrigger::Test,
            status: outcome.status,
            http_status: outcome.http_status,
            duration_ms: outcome.duration_ms,
            error: outcome.error.clone(),
            failure,
        });
    }
    Ok(outcome)
}

/// The form as an opened integration (nothing is written).
fn unsaved(
    actor: &Actor,
    previous: Option<&OpenIntegration>,
    input: &IntegrationInput,
) -> OpenIntegration {
    let mut row =
        previous
            .map(|p| p.row.clone())
            .unwrap_or_else(|| crate::entities::integration::Model {
                id: 0,
                uuid: String::new(),
                team_id: actor.team_id,
                name: String::new(),
                description: String::new(),
                method: String::new(),
                url: String::new(),
                headers: Value::Null,
                query_params: Value::Null,
                sealed_secrets: None,
                cache_minutes: 0,
                stale_minutes: 0,
                revalidate: false,
                calls_per_minute: 0,
                breaker_failures: 5,
                breaker_cooldown_seconds: 30,
                timeout_seconds: 10,
                follow_redirects: false,
                is_active: true,
                display_enabled: true,
                run_when_email_known: false,
                run_conditions: None,
                skipped_card: "hide".to_string(),
                health: "ok".to_string(),
                builtin_demo: false,
                template: None,
                sample_data: None,
                version: 0,
                created_by: None,
                updated_by: None,
                created_at: chrono::Utc::now(),
                updated_at: chrono::Utc::now(),
            });
    row.method = input.method.as_str().to_string();
    row.url = input.url.clone();
    row.timeout_seconds = i32::try_from(input.timeout_seconds).unwrap_or(10);
    row.follow_redirects = input.follow_redirects;
    OpenIntegration {
        row,
        method: input.method,
        headers: input.headers.clone(),
        query_params: input.query_params.clone(),
        body: input.body.clone(),
        body_secret: input.body_secret,
        run_conditions: input.run_conditions.clone(),
        skipped_card: input.skipped_card,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn credential_like_query_values_are_masked_in_shown_urls() {
        assert_eq!(
            super::masked_url("https://a.example/x?email=a%40b&api_key=sk_live_abcdef1234"),
            "https://a.example/x?email=a%40b&api_key=••••1234"
        );
        assert_eq!(
            super::masked_url("https://a.example/x"),
            "https://a.example/x"
        );
    }
}

//! Contact integrations, their inbox attachments, results and test outcomes.

use backend::services::integrations::inbox_links::InboxIntegration;
use chrono::{DateTime, Utc};
use model::integration::run_conditions::{Condition, SkippedCard};
use model::integration::{IntegrationResult, IntegrationView, TestOutcome};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A request header of an integration.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct HeaderResource {
    /// The header's name.
    #[schema(example = "Authorization")]
    pub name: String,
    /// Its value (variables allowed); secret values read back masked, e.g. `••••abcd`, and a
    /// masked value sent back keeps the stored one.
    #[schema(example = "••••abcd")]
    pub value: String,
    /// Encrypted at rest and masked when read (always so for `Authorization` and names containing
    /// token, key, secret or password).
    #[serde(default)]
    pub secret: bool,
}

/// A query parameter of an integration (GET and DELETE).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct QueryParamResource {
    /// The parameter's name.
    #[schema(example = "email")]
    pub name: String,
    /// Its value (variables allowed).
    #[schema(example = "{{contact.email}}")]
    pub value: String,
}

/// A contact integration (admins only).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IntegrationResource {
    /// The integration's id.
    pub id: i64,
    /// Its name.
    #[schema(example = "Customer Data Lookup")]
    pub name: String,
    /// What it does.
    pub description: String,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    #[schema(example = "GET")]
    pub method: String,
    /// The endpoint URL; variables allowed in the path and query.
    #[schema(example = "https://api.yourcompany.com/customers/{{contact.email}}")]
    pub url: String,
    /// Request headers.
    pub headers: Vec<HeaderResource>,
    /// Query parameters.
    pub query_params: Vec<QueryParamResource>,
    /// The JSON body template (POST, PUT, PATCH), encrypted at rest; masked when it holds a
    /// secret.
    pub body: Option<String>,
    /// The body holds a secret (masked when read).
    pub body_secret: bool,
    /// Minutes answers are kept (0: never).
    pub cache_minutes: u32,
    /// Minutes past that the last good answer is still shown when the API is not answering
    /// (0: never).
    pub stale_minutes: u32,
    /// Shows an expired answer at once while a fresh call runs (profile sheets).
    pub revalidate: bool,
    /// Calls a minute to the system from one server (0: no limit).
    pub calls_per_minute: u32,
    /// Unavailable calls in a row that open its circuit breaker.
    pub breaker_failures: u32,
    /// Seconds its breaker stays open before a probe.
    pub breaker_cooldown_seconds: u32,
    /// Seconds a call may take (1–30).
    pub timeout_seconds: u32,
    /// Follows up to 3 redirects.
    pub follow_redirects: bool,
    /// Runs for agents.
    pub is_active: bool,
    /// Shown in the contact profile sheet.
    pub display_enabled: bool,
    /// Also runs (into the cache) when a contact's email becomes known.
    pub run_when_email_known: bool,
    /// Runs on a profile sheet only when every condition holds (none: always).
    #[schema(schema_with = crate::api::formats::run_conditions)]
    pub run_conditions: Vec<Condition>,
    /// What a card whose run conditions fail shows: `hide` or `explain`.
    #[schema(schema_with = crate::api::formats::skipped_card)]
    pub skipped_card: SkippedCard,
    /// The built-in demo that `chatlane demo` created (read-only): its URL can only point at the
    /// demo CRM this server serves under `/demo/crm/`.
    pub builtin_demo: bool,
    /// The display template.
    #[schema(value_type = Option<Object>)]
    pub template: Option<Value>,
    /// The last successful test answer.
    #[schema(value_type = Option<Object>)]
    pub sample_data: Option<Value>,
    /// Bumped on every edit.
    pub version: i64,
    /// Inboxes it is attached to.
    pub inbox_ids: Vec<i64>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<IntegrationView> for IntegrationResource {
    fn from(v: IntegrationView) -> Self {
        IntegrationResource {
            id: v.id,
            name: v.name,
            description: v.description,
            method: v.method.as_str().to_string(),
            url: v.url,
            headers: v
                .headers
                .into_iter()
                .map(|h| HeaderResource {
                    name: h.name,
                    value: h.value,
                    secret: h.secret,
                })
                .collect(),
            query_params: v
                .query_params
                .into_iter()
                .map(|q| QueryParamResource {
                    name: q.name,
                    value: q.value,
                })
                .collect(),
            body: v.body,
            body_secret: v.body_secret,
            cache_minutes: v.cache_minutes,
            stale_minutes: v.stale_minutes,
            revalidate: v.revalidate,
            calls_per_minute: v.calls_per_minute,
            breaker_failures: v.breaker_failures,
            breaker_cooldown_seconds: v.breaker_cooldown_seconds,
            timeout_seconds: v.timeout_seconds,
            follow_redirects: v.follow_redirects,
            is_active: v.is_active,
            display_enabled: v.display_enabled,
            run_when_email_known: v.run_when_email_known,
            run_conditions: v.run_conditions,
            skipped_card: v.skipped_card,
            builtin_demo: v.builtin_demo,
            template: v.template,
            sample_data: v.sample_data,
            version: v.version,
            inbox_ids: v.inbox_ids,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

/// One integration of an inbox, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InboxIntegrationResource {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Runs in this inbox.
    pub enabled: bool,
    /// The integration's own switch.
    pub is_active: bool,
    /// Display order, from 0.
    pub position: u32,
}

impl From<InboxIntegration> for InboxIntegrationResource {
    fn from(a: InboxIntegration) -> Self {
        InboxIntegrationResource {
            integration_id: a.integration_id,
            name: a.name,
            enabled: a.enabled,
            is_active: a.is_active,
            position: a.position,
        }
    }
}

/// One integration's result for a contact.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IntegrationResultResource {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Its place in the inbox's order, from 0.
    pub position: u32,
    /// `ok`, `error` or `skipped` (a URL variable had no value; nothing was called).
    #[schema(example = "ok")]
    pub status: String,
    /// The API's status code, when it answered.
    pub http_status: Option<u16>,
    /// The answer: JSON, or a string for text answers.
    #[schema(value_type = Option<Object>)]
    pub data: Option<Value>,
    /// The answer's content type.
    pub content_type: Option<String>,
    /// What went wrong, or why it was skipped (`No email for this contact yet`).
    #[schema(example = "API returned 404: Customer not found")]
    pub error: Option<String>,
    /// How long this run took, in milliseconds.
    pub duration_ms: u64,
    /// When the answer was fetched from the API.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Whether the answer came from the cache.
    pub from_cache: bool,
    /// Present when the API is not answering and `data` is its last good answer: why the fresh
    /// call failed (`status`, `timed_out` or `unreachable`), its status and error, and the label
    /// the card shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<StaleResource>,
}

/// Why a result shows an earlier answer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StaleResource {
    /// `status` (a 5xx or 429), `timed_out` or `unreachable`.
    #[schema(example = "status")]
    pub because: String,
    /// The failed call's status, when the API answered.
    pub http_status: Option<u16>,
    /// The failed call's error.
    pub error: String,
    /// What the card says.
    #[schema(example = "From 14 min ago — the CRM is not answering (503).")]
    pub label: String,
}

impl From<IntegrationResult> for IntegrationResultResource {
    fn from(r: IntegrationResult) -> Self {
        let stale = r
            .stale_label()
            .zip(r.stale.clone())
            .map(|(label, s)| StaleResource {
                because: s.because.as_str().to_string(),
                http_status: s.http_status,
                error: s.error,
                label,
            });
        IntegrationResultResource {
            integration_id: r.integration_id,
            name: r.name,
            position: r.position,
            status: r.status.as_str().to_string(),
            http_status: r.http_status,
            data: r.data,
            content_type: r.content_type,
            error: r.error,
            duration_ms: r.duration_ms,
            stale,
            fetched_at: r.fetched_at,
            from_cache: r.from_cache,
        }
    }
}

/// The outcome of a test run (never cached).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TestOutcomeResource {
    /// `ok`, `error` or `skipped`.
    pub status: String,
    /// The API's status code.
    pub http_status: Option<u16>,
    /// Milliseconds the call took.
    pub duration_ms: u64,
    /// The method sent.
    pub method: String,
    /// The URL called, credential-like query values masked.
    pub resolved_url: Option<String>,
    /// The answer's `Content-Type`.
    pub content_type: Option<String>,
    /// The answer's length in bytes.
    pub content_length: Option<u64>,
    /// The answer, pretty-printed when JSON (successful calls only).
    pub body: Option<String>,
    /// What went wrong, or why it was skipped.
    pub error: Option<String>,
}

impl From<TestOutcome> for TestOutcomeResource {
    fn from(t: TestOutcome) -> Self {
        TestOutcomeResource {
            status: t.status.as_str().to_string(),
            http_status: t.http_status,
            duration_ms: t.duration_ms,
            method: t.method.as_str().to_string(),
            resolved_url: t.resolved_url,
            content_type: t.content_type,
            content_length: t.content_length,
            body: t.body,
            error: t.error,
        }
    }
}

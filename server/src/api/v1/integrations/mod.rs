//! `/api/v1/integrations` (admin tokens): contact integrations and their test runs. The body of
//! create and update is shared: update merges it onto the stored integration (absent fields stay,
//! masked secret values keep the stored ones).

pub mod cache;
pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod test;
pub mod update;

use crate::api::resources::{HeaderResource, QueryParamResource};
use model::integration::run_conditions::{Condition, SkippedCard, without_ignored_values};
use model::integration::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The fields of an integration; on create `name` and `url` are required, on update every field
/// is optional.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Customer Data Lookup",
    "method": "GET",
    "url": "https://api.yourcompany.com/customers/{{contact.email}}",
    "headers": [{"name": "Authorization", "value": "Bearer your-api-token-here"}],
    "cache_minutes": 15
}))]
pub struct IntegrationBody {
    /// 1–100 characters.
    pub name: Option<String>,
    /// Up to 1,000 characters.
    pub description: Option<String>,
    /// `GET` (default), `POST`, `PUT`, `PATCH` or `DELETE`.
    #[schema(value_type = Option<String>, example = "GET")]
    pub method: Option<HttpMethod>,
    /// The endpoint; variables such as `{{contact.email}}` in the path and query.
    pub url: Option<String>,
    /// Request headers (the whole list).
    pub headers: Option<Vec<HeaderResource>>,
    /// Query parameters for GET and DELETE (the whole list).
    pub query_params: Option<Vec<QueryParamResource>>,
    /// A JSON body template for POST, PUT and PATCH; `null` removes it.
    #[serde(default, deserialize_with = "crate::api::extract::present")]
    pub body: Option<Option<String>>,
    /// 0 (no cache) to 1440 minutes.
    #[schema(maximum = 1440)]
    pub cache_minutes: Option<u32>,
    /// When a call fails because the API is not answering (timeout, connection, 5xx, 429), the
    /// last good answer is shown, labelled, for up to this many minutes past the cache duration:
    /// 0 (never) to 10080 (a week), default 1440.
    #[schema(maximum = 10080)]
    pub stale_minutes: Option<u32>,
    /// Stale-while-revalidate (default false): once the cache duration is over, the profile
    /// sheet shows the last good answer at once while a fresh call runs, then the fresh one.
    pub revalidate: Option<bool>,
    /// The most calls a minute to the system from one server (0: no limit, the default), to
    /// stay within its own rate limit. Over it a call waits up to 2 s for its turn; past that
    /// the card shows the last good answer or when the next call is allowed.
    #[schema(maximum = 100000)]
    pub calls_per_minute: Option<u32>,
    /// Calls in a row that fail because the system is not answering before the circuit breaker
    /// opens: cards stop calling it and say when they will try again (1–100, default 5).
    #[schema(minimum = 1, maximum = 100)]
    pub breaker_failures: Option<u32>,
    /// How long the breaker stays open before one probe call, in seconds (5–3600, default 30).
    #[schema(minimum = 5, maximum = 3600)]
    pub breaker_cooldown_seconds: Option<u32>,
    /// 1–30 seconds (default 10).
    #[schema(minimum = 1, maximum = 30)]
    pub timeout_seconds: Option<u32>,
    /// Follow up to 3 redirects (default false).
    pub follow_redirects: Option<bool>,
    /// Runs for agents (default true).
    pub is_active: Option<bool>,
    /// Shown in the profile sheet (default true).
    pub display_enabled: Option<bool>,
    /// Also run when a contact's email becomes known (default false).
    pub run_when_email_known: Option<bool>,
    /// Run conditions (the whole list; none: always runs).
    #[schema(schema_with = crate::api::formats::run_conditions_in_request)]
    pub run_conditions: Option<Vec<Condition>>,
    /// What a card whose run conditions fail shows (default `hide`).
    #[schema(schema_with = crate::api::formats::skipped_card_in_request)]
    pub skipped_card: Option<SkippedCard>,
    /// The body holds a secret: it is masked when read back (default false). Send the masked
    /// body back unchanged to keep it.
    pub body_secret: Option<bool>,
    /// The display template; `null` removes it.
    #[serde(default, deserialize_with = "crate::api::extract::present")]
    #[schema(value_type = Option<Object>)]
    pub template: Option<Option<Value>>,
}

impl IntegrationBody {
    /// `base` with every given field replaced.
    pub fn apply(self, mut base: IntegrationInput) -> IntegrationInput {
        if let Some(v) = self.name {
            base.name = v;
        }
        if let Some(v) = self.description {
            base.description = v;
        }
        if let Some(v) = self.method {
            base.method = v;
        }
        if let Some(v) = self.url {
            base.url = v;
        }
        if let Some(v) = self.headers {
            base.headers = v
                .into_iter()
                .map(|h| HeaderEntry {
                    name: h.name,
                    value: h.value,
                    secret: h.secret,
                })
                .collect();
        }
        if let Some(v) = self.query_params {
            base.query_params = v
                .into_iter()
                .map(|q| QueryParam {
                    name: q.name,
                    value: q.value,
                })
                .collect();
        }
        if let Some(v) = self.body {
            base.body = v;
        }
        if let Some(v) = self.cache_minutes {
            base.cache_minutes = v;
        }
        if let Some(v) = self.stale_minutes {
            base.stale_minutes = v;
        }
        if let Some(v) = self.revalidate {
            base.revalidate = v;
        }
        if let Some(v) = self.calls_per_minute {
            base.calls_per_minute = v;
        }
        if let Some(v) = self.breaker_failures {
            base.breaker_failures = v;
        }
        if let Some(v) = self.breaker_cooldown_seconds {
            base.breaker_cooldown_seconds = v;
        }
        if let Some(v) = self.timeout_seconds {
            base.timeout_seconds = v;
        }
        if let Some(v) = self.follow_redirects {
            base.follow_redirects = v;
        }
        if let Some(v) = self.is_active {
            base.is_active = v;
        }
        if let Some(v) = self.display_enabled {
            base.display_enabled = v;
        }
        if let Some(v) = self.run_when_email_known {
            base.run_when_email_known = v;
        }
        if let Some(v) = self.run_conditions {
            base.run_conditions = without_ignored_values(v);
        }
        if let Some(v) = self.skipped_card {
            base.skipped_card = v;
        }
        if let Some(v) = self.body_secret {
            base.body_secret = v;
        }
        if let Some(v) = self.template {
            base.template = v;
        }
        base
    }
}

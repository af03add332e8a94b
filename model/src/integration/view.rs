//! What screens and the API show of integrations: the stored configuration with secrets masked,
//! list rows, one run's result, run log entries and test outcomes.

use super::config::{HeaderEntry, HttpMethod, QueryParam, is_secret_header};
use super::variables::{find_outside, split_outside};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The dots a masked secret starts with.
pub const MASK: &str = "••••";

/// How a secret is shown: `••••` and its last four characters (nothing of it when it is eight
/// characters or shorter, so a short secret is never mostly revealed).
pub fn mask_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return MASK.to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{MASK}{tail}")
}

/// Whether a submitted value is a mask sent back unchanged (the stored secret is kept).
pub fn is_masked(value: &str) -> bool {
    value.starts_with(MASK)
}

/// Whether a query parameter of this name carries a credential (`api_key`, `token`, ...), so its
/// value is masked wherever a resolved URL is shown.
pub fn is_secret_param(name: &str) -> bool {
    is_secret_header(name)
}

/// The origin (`scheme://host[:port]`, lower-case, default port dropped) a URL template sends
/// to; a kept secret is bound to it. `None` when it is not a full http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (origin, _, _) = super::request::split_url(url)?;
    let origin = origin.to_ascii_lowercase();
    let (scheme, authority) = origin.split_once("://")?;
    if !matches!(scheme, "http" | "https") || authority.is_empty() {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    Some(format!("{scheme}://{authority}"))
}

/// `url` with the value of every credential-like query parameter (`?api_key=…`) masked, and
/// whether there was any. Placeholder-only values (`{{…}}`) are not credentials and stay.
pub fn mask_url_credentials(url: &str) -> (String, bool) {
    // A `?`, `#` or `&` inside a placeholder (`| default: "a&b"`) belongs to it.
    let Some(at) = find_outside(url, &['?']) else {
        return (url.to_string(), false);
    };
    let (before, query) = (&url[..at], &url[at + 1..]);
    let (query, fragment) = match find_outside(query, &['#']) {
        Some(i) => (&query[..i], Some(&query[i + 1..])),
        None => (query, None),
    };
    let is_credential = |name: &str, value: &str| {
        let placeholder = value.starts_with("{{") && value.ends_with("}}");
        is_secret_param(name) && !value.is_empty() && !is_masked(value) && !placeholder
    };
    let mut masked_any = false;
    let pairs: Vec<String> = split_outside(query, '&')
        .into_iter()
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if is_credential(name, value) => {
                masked_any = true;
                format!("{name}={}", mask_secret(value))
            }
            _ => pair.to_string(),
        })
        .collect();
    let mut out = format!("{before}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    (out, masked_any)
}

/// An integration as admins read it back: secret header values masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationView {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Endpoint URL template.
    pub url: String,
    /// Headers; secret values are masked.
    pub headers: Vec<HeaderEntry>,
    /// Query parameters.
    pub query_params: Vec<QueryParam>,
    /// JSON body template (masked when it holds a secret).
    pub body: Option<String>,
    /// The body holds a secret.
    pub body_secret: bool,
    /// Cache duration in minutes (0: none).
    pub cache_minutes: u32,
    /// How long past the cache duration a successful answer is shown when the API fails.
    pub stale_minutes: u32,
    /// Shows an expired answer at once while a fresh call runs.
    pub revalidate: bool,
    /// Calls a minute to the system from one server (0: no limit).
    pub calls_per_minute: u32,
    /// Unavailable calls in a row that open its breaker.
    pub breaker_failures: u32,
    /// Seconds its breaker stays open.
    pub breaker_cooldown_seconds: u32,
    /// Timeout in seconds.
    pub timeout_seconds: u32,
    /// Follows up to 3 redirects.
    pub follow_redirects: bool,
    /// Runs for agents.
    pub is_active: bool,
    /// Shown in the profile sheet.
    pub display_enabled: bool,
    /// Pre-warmed when a contact's email becomes known.
    pub run_when_email_known: bool,
    /// The conditions that must all hold for it to run on a sheet (none: always).
    #[serde(default)]
    pub run_conditions: Vec<template::condition::Condition>,
    /// What a card whose conditions fail shows.
    #[serde(default)]
    pub skipped_card: super::run_conditions::SkippedCard,
    /// The built-in demo (`chatlane demo`): it calls the demo CRM this server serves itself.
    #[serde(default)]
    pub builtin_demo: bool,
    /// Display template (opaque here).
    pub template: Option<Value>,
    /// The last successful test response.
    pub sample_data: Option<Value>,
    /// Bumped on every edit.
    pub version: i64,
    /// Inboxes it is attached to.
    pub inbox_ids: Vec<i64>,
    /// Who created it.
    pub created_by: Option<i64>,
    /// Who changed it last.
    pub updated_by: Option<i64>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed last.
    pub updated_at: DateTime<Utc>,
}

impl IntegrationView {
    /// The editable configuration, as the form submits it back (secrets still masked).
    pub fn into_input(self) -> super::config::IntegrationInput {
        super::config::IntegrationInput {
            name: self.name,
            description: self.description,
            method: self.method,
            url: self.url,
            headers: self.headers,
            query_params: self.query_params,
            body: self.body,
            body_secret: self.body_secret,
            cache_minutes: self.cache_minutes,
            stale_minutes: self.stale_minutes,
            revalidate: self.revalidate,
            calls_per_minute: self.calls_per_minute,
            breaker_failures: self.breaker_failures,
            breaker_cooldown_seconds: self.breaker_cooldown_seconds,
            timeout_seconds: self.timeout_seconds,
            follow_redirects: self.follow_redirects,
            is_active: self.is_active,
            display_enabled: self.display_enabled,
            run_when_email_known: self.run_when_email_known,
            run_conditions: self.run_conditions,
            skipped_card: self.skipped_card,
            template: self.template,
        }
    }
}

/// One row of the admin's integration list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// The endpoint's host (`api.example.com`).
    pub host: String,
    /// Runs for agents.
    pub is_active: bool,
    /// Inboxes it is attached to.
    pub inbox_count: u32,
    /// How its last run ended, if it ran.
    pub last_run: Option<RunStatus>,
    /// The built-in demo (`chatlane demo`).
    #[serde(default)]
    pub builtin_demo: bool,
}

/// The host of a URL template, for lists (`https://api.example.com/x` → `api.example.com`).
pub fn host_of(url: &str) -> String {
    super::request::split_url(url)
        .and_then(|(origin, _, _)| origin.split_once("://").map(|(_, host)| host.to_string()))
        .unwrap_or_default()
}

template::string_enum!(
    /// How one run ended.
    pub enum RunStatus {
        /// The API answered 2xx with a readable body.
        Ok => "ok",
        /// The call failed (status, timeout, blocked, unreadable body).
        Error => "error",
        /// Not called: a URL variable had no value.
        Skipped => "skipped",
    }
);

template::string_enum!(
    /// What started a run, as the run log names it.
    pub enum RunTrigger {
        /// The profile sheet opened.
        Profile => "profile",
        /// An agent asked for fresh data (one card, or Refresh All).
        Refresh => "refresh",
        /// The REST API.
        Api => "api",
        /// Background pre-warming when a contact's email became known.
        Prewarm => "prewarm",
        /// An admin's test.
        Test => "test",
    }
);

/// One integration's result for one contact, as the profile sheet and the API receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationResult {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Its place in the inbox's order (from 0).
    pub position: u32,
    /// How the run ended.
    pub status: RunStatus,
    /// The API's status code, when it answered.
    pub http_status: Option<u16>,
    /// The answer: JSON, or a string for non-JSON (e.g. `text/plain`) answers.
    pub data: Option<Value>,
    /// The answer's content type.
    pub content_type: Option<String>,
    /// What went wrong (or why it was skipped), safe to show.
    pub error: Option<String>,
    /// How long the call took (0 for skips; the original call's time for cached answers).
    pub duration_ms: u64,
    /// When the answer was fetched from the API.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Whether the answer came from the cache.
    pub from_cache: bool,
    /// When this result was produced (the server's clock: cards reckon "updated 12 min ago" and
    /// relative times from it).
    #[serde(default)]
    pub served_at: Option<DateTime<Utc>>,
    /// Set when the API is not answering and this is its last good answer instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<super::stale::StaleAnswer>,
    /// How the call failed (failed results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<super::stale::FailureKind>,
    /// With a 429: the seconds its `Retry-After` asked to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// An expired answer shown while a fresh call runs: another result for this card follows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revalidating: bool,
    /// The display template to lay the data out with (opaque here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Value>,
}

impl IntegrationResult {
    /// The label of an earlier answer shown because the API is not answering
    /// ("From 14 min ago — the CRM is not answering (503).").
    pub fn stale_label(&self) -> Option<String> {
        let stale = self.stale.as_ref()?;
        Some(stale.label(self.fetched_at?, self.served_at.unwrap_or_else(Utc::now)))
    }

    /// What a failed answer means for the agent, under the reason (the worked example's "This
    /// contact may not exist in the CRM system." for a 404; when a 429 will be over; what a
    /// timeout or a refused address means); `None` when the reason already says it all.
    pub fn explanation(&self) -> Option<String> {
        if self.status != RunStatus::Error {
            return None;
        }
        failure_explanation(self.failure, self.http_status, self.retry_after_secs)
    }
}

/// What a failed call means for the agent, from how it failed, the API's status and its
/// `Retry-After` (the worked example's "This contact may not exist in the CRM system." for a
/// 404); `None` when the reason already says it all.
pub fn failure_explanation(
    failure: Option<super::stale::FailureKind>,
    http_status: Option<u16>,
    retry_after_secs: Option<u64>,
) -> Option<String> {
    use super::stale::FailureKind;
    let text = |t: &str| Some(t.to_string());
    match (failure, http_status) {
        (_, Some(404)) => text("This contact may not exist in the CRM system."),
        (_, Some(401 | 403)) => text(
            "The system refused Chatlane's credentials: an admin should check this integration's headers.",
        ),
        (_, Some(429)) => match retry_after_secs {
            Some(secs) => Some(format!(
                "The system is limiting how often Chatlane may ask: it will answer again in {}.",
                super::stale::wait_text(secs)
            )),
            None => {
                text("The system is limiting how often Chatlane may ask: try again in a minute.")
            }
        },
        (_, Some(500..=599)) => text("The system had a problem answering: try again later."),
        (_, Some(400..=499)) => text(
            "The system could not answer this request: an admin should check this integration's URL.",
        ),
        (Some(FailureKind::TimedOut), _) => text(
            "The system did not answer in time: try again, or an admin may give this integration a longer timeout.",
        ),
        (Some(FailureKind::Unreachable), _) => text(
            "Chatlane could not reach the system: it may be down, or an admin should check the integration's address.",
        ),
        (Some(FailureKind::Blocked), _) => text(
            "Chatlane's outbound rules do not allow this address: an admin should check the integration's URL (or allow the address).",
        ),
        (
            Some(
                FailureKind::Status
                | FailureKind::BreakerOpen
                | FailureKind::OverBudget
                | FailureKind::Other,
            )
            | None,
            _,
        ) => None,
    }
}

/// One integration of an inbox, as the inbox's settings and the API list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxIntegration {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Runs in this inbox.
    pub enabled: bool,
    /// Runs at all (the integration's own switch).
    pub is_active: bool,
    /// Display order, from 0.
    pub position: u32,
}

/// One of the team's inboxes in the integration editor's Inboxes tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxChoice {
    /// The inbox.
    pub inbox_id: i64,
    /// Its name.
    pub name: String,
    /// The integration is attached to it.
    pub attached: bool,
    /// And runs there.
    pub enabled: bool,
}

/// Everything the integration editor shows: the integration (none for a new one), the team's
/// inboxes with the attachment state, and the run log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationEditorData {
    /// The stored integration, secrets masked.
    pub integration: Option<IntegrationView>,
    /// Every inbox of the team.
    pub inboxes: Vec<InboxChoice>,
    /// The last runs, newest first.
    pub runs: Vec<RunLogEntry>,
    /// The custom-attribute keys the team's contacts have, sorted (offered as variables).
    #[serde(default)]
    pub attribute_keys: Vec<String>,
}

/// How an integration's answers are kept on one replica: answers kept now, and how often a
/// lookup found one since the process started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheUsage {
    /// Answers kept now.
    pub entries: u64,
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that called the API.
    pub misses: u64,
}

impl CacheUsage {
    /// `hits / (hits + misses)`, or `None` before any lookup.
    pub fn hit_rate(&self) -> Option<f64> {
        let lookups = self.hits + self.misses;
        // Counts fit f64's exact range for any realistic uptime.
        (lookups > 0).then(|| self.hits as f64 / lookups as f64)
    }
}

/// One entry of an integration's run log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunLogEntry {
    /// When it ran.
    pub at: DateTime<Utc>,
    /// The contact it ran for.
    pub contact_id: Option<i64>,
    /// The contact's name, if the contact still exists.
    pub contact_name: Option<String>,
    /// Who ran it (`None`: background pre-warming).
    pub user_name: Option<String>,
    /// What started it.
    pub trigger: RunTrigger,
    /// How it ended.
    pub status: RunStatus,
    /// The API's status code.
    pub http_status: Option<u16>,
    /// Duration in ms.
    pub duration_ms: u64,
    /// A short error.
    pub error: Option<String>,
}

/// What a test run shows the admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestOutcome {
    /// How it ended.
    pub status: RunStatus,
    /// The API's status code, when it answered.
    pub http_status: Option<u16>,
    /// Duration in ms.
    pub duration_ms: u64,
    /// The method sent.
    pub method: HttpMethod,
    /// The URL called, with credential-like query values masked.
    pub resolved_url: Option<String>,
    /// The answer's `Content-Type`.
    pub content_type: Option<String>,
    /// The answer's length in bytes.
    pub content_length: Option<u64>,
    /// The answer, pretty-printed when JSON (at most 1 MiB).
    pub body: Option<String>,
    /// What went wrong (or why it was skipped).
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_failed_card_explains_its_status_to_the_agent() {
        let result =
            |status: super::RunStatus, http_status: Option<u16>| super::IntegrationResult {
                integration_id: 1,
                name: "CRM".into(),
                position: 0,
                status,
                http_status,
                data: None,
                content_type: None,
                error: None,
                duration_ms: 250,
                fetched_at: None,
                from_cache: false,
                served_at: None,
                stale: None,
                failure: None,
                retry_after_secs: None,
                revalidating: false,
                template: None,
            };
        use super::RunStatus::{Error, Ok, Skipped};
        use crate::integration::stale::FailureKind;
        assert_eq!(
            result(Error, Some(404)).explanation().as_deref(),
            Some("This contact may not exist in the CRM system.")
        );
        let limited = super::IntegrationResult {
            failure: Some(FailureKind::Status),
            retry_after_secs: Some(120),
            ..result(Error, Some(429))
        };
        assert_eq!(
            limited.explanation().as_deref(),
            Some(
                "The system is limiting how often Chatlane may ask: it will answer again in 2 min."
            )
        );
        for (kind, words) in [
            (FailureKind::TimedOut, "did not answer in time"),
            (FailureKind::Unreachable, "could not reach the system"),
            (
                FailureKind::Blocked,
                "outbound rules do not allow this address",
            ),
        ] {
            let failed = super::IntegrationResult {
                failure: Some(kind),
                ..result(Error, None)
            };
            assert!(
                failed.explanation().is_some_and(|e| e.contains(words)),
                "{kind:?}"
            );
        }
        for status in [401, 403, 429, 400, 500, 503] {
            assert!(
                result(Error, Some(status)).explanation().is_some(),
                "{status}"
            );
        }
        assert_eq!(
            result(Error, None).explanation(),
            None,
            "an unknown failure says it itself"
        );
        assert_eq!(result(Ok, Some(200)).explanation(), None);
        assert_eq!(result(Skipped, None).explanation(), None);
    }

    use super::*;

    #[test]
    fn masks_show_four_characters_of_long_secrets_and_none_of_short_ones() {
        assert_eq!(mask_secret("Bearer sk_live_abcd1234"), "••••1234");
        assert_eq!(mask_secret("12345678"), "••••");
        assert_eq!(mask_secret("ünïcødé-secret"), "••••cret");
        assert!(is_masked(&mask_secret("anything at all")));
        assert!(!is_masked("Bearer x"));
    }

    #[test]
    fn hosts_are_read_from_url_templates() {
        assert_eq!(
            host_of("https://api.example.com/customers/{{contact.email}}"),
            "api.example.com"
        );
        assert_eq!(host_of("http://crm.local:8080?x=1"), "crm.local:8080");
        assert_eq!(host_of("not a url"), "");
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for &s in RunStatus::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert!("OK".parse::<RunStatus>().is_err());
    }
}

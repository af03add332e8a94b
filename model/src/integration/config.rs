//! An integration's configuration as the editor and the REST API send it, and its validation:
//! every rule here is shared by the form and the server, and every violation names its field.

use super::expression::{Expression, ExpressionError, problems_in};
use super::request::{parse_body, split_url};
use super::variables::placeholders;
use crate::validation::{FieldErrors, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest name.
pub const NAME_MAX: usize = 100;
/// Longest description.
pub const DESCRIPTION_MAX: usize = 1000;
/// Longest URL template.
pub const URL_MAX: usize = 2048;
/// Most headers, and most query parameters.
pub const PAIRS_MAX: usize = 50;
/// Longest body template.
pub const BODY_MAX: usize = 64 * 1024;
/// Longest cache duration, in minutes (a day).
pub const CACHE_MINUTES_MAX: u32 = 1440;
/// Longest time a successful answer is still shown when a later call fails, in minutes, beyond
/// the cache duration (a week).
pub const STALE_MINUTES_MAX: u32 = 7 * 24 * 60;
/// The stale limit when none is given (a day).
pub const DEFAULT_STALE_MINUTES: u32 = 24 * 60;
/// Most calls a minute an integration's budget may allow.
pub const CALLS_PER_MINUTE_MAX: u32 = 100_000;
/// Failures in a row that may open a circuit breaker, and the default.
pub const BREAKER_FAILURES: std::ops::RangeInclusive<u32> = 1..=100;
/// The default failures in a row.
pub const DEFAULT_BREAKER_FAILURES: u32 = 5;
/// A breaker's cool-down bounds, in seconds.
pub const BREAKER_COOLDOWN_SECONDS: std::ops::RangeInclusive<u32> = 5..=3600;
/// The default cool-down.
pub const DEFAULT_BREAKER_COOLDOWN_SECONDS: u32 = 30;
/// Timeout bounds, in seconds.
pub const TIMEOUT_SECONDS: std::ops::RangeInclusive<u32> = 1..=30;
/// The timeout when none is given.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 10;

/// Headers admins cannot set: the client owns them.
pub const RESERVED_HEADERS: &[&str] =
    &["host", "content-length", "transfer-encoding", "connection"];

template::string_enum!(
    /// The HTTP method of an integration, in the order the editor offers them.
    #[derive(Default)]
    pub enum HttpMethod {
        /// GET (the default).
        #[default]
        Get => "GET",
        /// POST.
        Post => "POST",
        /// PUT.
        Put => "PUT",
        /// PATCH.
        Patch => "PATCH",
        /// DELETE.
        Delete => "DELETE",
    }
);

impl HttpMethod {
    /// Whether requests carry a JSON body (POST, PUT, PATCH) rather than query parameters.
    pub fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }
}

/// One request header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderEntry {
    /// Header name.
    pub name: String,
    /// Value template (may use variables). Masked (`••••abcd`) when read back if secret.
    pub value: String,
    /// Encrypted at rest and masked when shown.
    #[serde(default)]
    pub secret: bool,
}

/// One query parameter (GET and DELETE).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryParam {
    /// Parameter name.
    pub name: String,
    /// Value template (may use variables).
    pub value: String,
}

/// Whether a header of this name holds a credential and is flagged secret without being asked:
/// `Authorization`, and names containing token, key, secret or password.
pub fn is_secret_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "authorization"
        || ["token", "key", "secret", "password"]
            .iter()
            .any(|w| lower.contains(w))
}

/// An integration as the editor and the API submit it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationInput {
    /// 1–100 characters.
    pub name: String,
    /// Optional, up to 1,000 characters.
    #[serde(default)]
    pub description: String,
    /// HTTP method.
    #[serde(default)]
    pub method: HttpMethod,
    /// Endpoint URL template.
    pub url: String,
    /// Headers.
    #[serde(default)]
    pub headers: Vec<HeaderEntry>,
    /// Query parameters (GET and DELETE only).
    #[serde(default)]
    pub query_params: Vec<QueryParam>,
    /// JSON body template (POST, PUT and PATCH only).
    #[serde(default)]
    pub body: Option<String>,
    /// The body holds a secret: it is masked when read back, like a secret header (it is sealed
    /// at rest either way).
    #[serde(default)]
    pub body_secret: bool,
    /// 0 (no cache) to 1440 minutes.
    #[serde(default)]
    pub cache_minutes: u32,
    /// When a call fails because the API is not answering (timeout, connection, 5xx, 429), the
    /// last successful answer for the same request is shown instead, labelled, if it is at most
    /// this many minutes past its cache duration: 0 (never) to a week, default a day.
    #[serde(default = "default_stale_minutes")]
    pub stale_minutes: u32,
    /// The most calls a minute this integration makes to its system from one server (0: no
    /// limit), to match the system's own rate limit.
    #[serde(default)]
    pub calls_per_minute: u32,
    /// Calls in a row that fail because the API is not answering before its circuit breaker
    /// opens (1–100, default 5).
    #[serde(default = "default_breaker_failures")]
    pub breaker_failures: u32,
    /// How long the breaker stays open before one probe call, in seconds (5–3600, default 30).
    #[serde(default = "default_breaker_cooldown")]
    pub breaker_cooldown_seconds: u32,
    /// Stale-while-revalidate: once the cache duration is over, the last good answer shows at
    /// once (marked as updating) while a fresh call runs, and the card updates when it returns.
    #[serde(default)]
    pub revalidate: bool,
    /// 1–30 seconds (default 10).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// Follow up to 3 redirects, each checked like the first.
    #[serde(default)]
    pub follow_redirects: bool,
    /// Runs for agents.
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Shown in the profile sheet.
    #[serde(default = "yes")]
    pub display_enabled: bool,
    /// Also runs (into the cache) when a contact's email becomes known.
    #[serde(default)]
    pub run_when_email_known: bool,
    /// Runs on a sheet only when all of these hold (`super::run_conditions`; none: always).
    #[serde(default)]
    pub run_conditions: Vec<template::condition::Condition>,
    /// What a card whose conditions fail shows (default: hidden).
    #[serde(default)]
    pub skipped_card: super::run_conditions::SkippedCard,
    /// The display template (defined by the template crate; opaque here).
    #[serde(default)]
    pub template: Option<Value>,
}

impl Default for IntegrationInput {
    /// An empty form with the documented defaults: GET, no cache, 10 s, active, displayed.
    fn default() -> Self {
        IntegrationInput {
            name: String::new(),
            description: String::new(),
            method: HttpMethod::Get,
            url: String::new(),
            headers: Vec::new(),
            query_params: Vec::new(),
            body: None,
            body_secret: false,
            cache_minutes: 0,
            stale_minutes: DEFAULT_STALE_MINUTES,
            revalidate: false,
            calls_per_minute: 0,
            breaker_failures: DEFAULT_BREAKER_FAILURES,
            breaker_cooldown_seconds: DEFAULT_BREAKER_COOLDOWN_SECONDS,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            follow_redirects: false,
            is_active: true,
            display_enabled: true,
            run_when_email_known: false,
            run_conditions: Vec::new(),
            skipped_card: super::run_conditions::SkippedCard::Hide,
            template: None,
        }
    }
}

fn default_breaker_failures() -> u32 {
    DEFAULT_BREAKER_FAILURES
}

fn default_breaker_cooldown() -> u32 {
    DEFAULT_BREAKER_COOLDOWN_SECONDS
}

fn default_stale_minutes() -> u32 {
    DEFAULT_STALE_MINUTES
}

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_SECONDS
}

fn yes() -> bool {
    true
}

/// One message for what is wrong with `text`'s placeholders: the unknown variables together
/// ("Unknown variable: {{a}}, {{b}}."), then each other problem.
fn check_variables(errors: &mut FieldErrors, field: &str, text: &str) {
    let problems = problems_in(text);
    let unknown: Vec<String> = problems
        .iter()
        .filter_map(|p| match p {
            ExpressionError::UnknownVariable(name) => Some(format!("{{{{{name}}}}}")),
            ExpressionError::UnknownFilter(_)
            | ExpressionError::BadKey(_)
            | ExpressionError::BadArgument(_) => None,
        })
        .collect();
    let mut messages: Vec<String> = Vec::new();
    if !unknown.is_empty() {
        messages.push(format!("Unknown variable: {}.", unknown.join(", ")));
    }
    messages.extend(
        problems
            .iter()
            .filter(|p| !matches!(p, ExpressionError::UnknownVariable(_)))
            .map(ToString::to_string),
    );
    if !messages.is_empty() {
        errors.add(ValidationError::new(field, messages.join(" ")));
    }
}

/// `text` without its placeholders: the spaces inside `{{contact.name | trim}}` are the
/// expression's, not the URL's.
fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in placeholders(text) {
        out.push_str(&text[last..p.span.start]);
        last = p.span.end;
    }
    out.push_str(&text[last..]);
    out
}

fn valid_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn has_key_placeholder(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains("{{") || k.contains('\u{0}') || has_key_placeholder(v)),
        Value::Array(items) => items.iter().any(has_key_placeholder),
        _ => false,
    }
}

impl IntegrationInput {
    /// Every variable the configuration uses (URL, headers, query, body), each once, in order:
    /// the test tab asks for exactly these.
    pub fn used_variables(&self) -> Vec<String> {
        let mut texts: Vec<&str> = vec![self.url.as_str()];
        texts.extend(self.headers.iter().map(|h| h.value.as_str()));
        for q in &self.query_params {
            texts.push(&q.name);
            texts.push(&q.value);
        }
        if self.method.has_body() {
            texts.extend(self.body.as_deref());
        }
        let mut names: Vec<String> = Vec::new();
        for p in texts.into_iter().flat_map(placeholders) {
            // The variable, not the filters: a sample value is the variable's own.
            let name = Expression::parse(&p.name).map_or(p.name, |e| e.source.name());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Checks every rule; the errors are keyed by field (`name`, `url`, `headers.2.name`, ...).
    /// Masked secret values (unchanged fields of a stored integration) pass as they are.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add(ValidationError::new("name", "Give the integration a name."));
        } else if name.chars().count() > NAME_MAX {
            errors.add(ValidationError::new(
                "name",
                format!("At most {NAME_MAX} characters."),
            ));
        }
        if self.description.chars().count() > DESCRIPTION_MAX {
            errors.add(ValidationError::new(
                "description",
                format!("At most {DESCRIPTION_MAX} characters."),
            ));
        }
        self.validate_url(&mut errors);
        super::run_conditions::check(&self.run_conditions, &mut errors);
        if self.headers.len() > PAIRS_MAX {
            errors.add(ValidationError::new(
                "headers",
                format!("At most {PAIRS_MAX} headers."),
            ));
        }
        for (i, h) in self.headers.iter().enumerate() {
            let field = format!("headers.{i}.name");
            if !valid_header_name(h.name.trim()) {
                errors.add(ValidationError::new(
                    &field,
                    "Use a header name like X-Api-Key.",
                ));
            } else if RESERVED_HEADERS.contains(&h.name.trim().to_ascii_lowercase().as_str()) {
                errors.add(ValidationError::new(
                    &field,
                    "This header is set by Chatlane.",
                ));
            }
            if h.value.contains(['\r', '\n', '\0']) {
                errors.add(ValidationError::new(
                    format!("headers.{i}.value"),
                    "A header value cannot contain line breaks.",
                ));
            }
            check_variables(&mut errors, &format!("headers.{i}.value"), &h.value);
        }
        if !self.query_params.is_empty() && self.method.has_body() {
            errors.add(ValidationError::new(
                "query_params",
                format!(
                    "{} requests send their values in the body; query parameters are for GET and DELETE.",
                    self.method.as_str()
                ),
            ));
        }
        if self.query_params.len() > PAIRS_MAX {
            errors.add(ValidationError::new(
                "query_params",
                format!("At most {PAIRS_MAX} parameters."),
            ));
        }
        for (i, q) in self.query_params.iter().enumerate() {
            if q.name.trim().is_empty() {
                errors.add(ValidationError::new(
                    format!("query_params.{i}.name"),
                    "Name the parameter.",
                ));
            }
            check_variables(&mut errors, &format!("query_params.{i}.name"), &q.name);
            check_variables(&mut errors, &format!("query_params.{i}.value"), &q.value);
        }
        self.validate_body(&mut errors);
        if self.cache_minutes > CACHE_MINUTES_MAX {
            errors.add(ValidationError::new(
                "cache_minutes",
                format!("From 0 (no cache) to {CACHE_MINUTES_MAX} minutes."),
            ));
        }
        if self.stale_minutes > STALE_MINUTES_MAX {
            errors.add(ValidationError::new(
                "stale_minutes",
                format!("From 0 (never) to {STALE_MINUTES_MAX} minutes (a week)."),
            ));
        }
        if self.calls_per_minute > CALLS_PER_MINUTE_MAX {
            errors.add(ValidationError::new(
                "calls_per_minute",
                format!("From 0 (no limit) to {CALLS_PER_MINUTE_MAX} calls a minute."),
            ));
        }
        if !BREAKER_FAILURES.contains(&self.breaker_failures) {
            errors.add(ValidationError::new(
                "breaker_failures",
                format!(
                    "From {} to {} failures in a row.",
                    BREAKER_FAILURES.start(),
                    BREAKER_FAILURES.end()
                ),
            ));
        }
        if !BREAKER_COOLDOWN_SECONDS.contains(&self.breaker_cooldown_seconds) {
            errors.add(ValidationError::new(
                "breaker_cooldown_seconds",
                format!(
                    "From {} to {} seconds.",
                    BREAKER_COOLDOWN_SECONDS.start(),
                    BREAKER_COOLDOWN_SECONDS.end()
                ),
            ));
        }
        if !TIMEOUT_SECONDS.contains(&self.timeout_seconds) {
            errors.add(ValidationError::new(
                "timeout_seconds",
                format!(
                    "From {} to {} seconds.",
                    TIMEOUT_SECONDS.start(),
                    TIMEOUT_SECONDS.end()
                ),
            ));
        }
        errors.into_result()
    }

    fn validate_url(&self, errors: &mut FieldErrors) {
        let url = self.url.trim();
        let lower = url.to_ascii_lowercase();
        if url.is_empty() {
            errors.add(ValidationError::new("url", "Enter the endpoint URL."));
        } else if url.chars().count() > URL_MAX {
            errors.add(ValidationError::new(
                "url",
                format!("At most {URL_MAX} characters."),
            ));
        } else if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            errors.add(ValidationError::new(
                "url",
                "Use an http:// or https:// URL.",
            ));
        } else if let Some((origin, _, _)) = split_url(url) {
            if origin.len() <= lower.find("://").unwrap_or(0) + 3 {
                errors.add(ValidationError::new("url", "The URL needs a host."));
            } else if !placeholders(origin).is_empty() {
                errors.add(ValidationError::new(
                    "url",
                    "Variables can be used in the URL's path and query, not in its host.",
                ));
            } else if origin.contains('@') {
                errors.add(ValidationError::new(
                    "url",
                    "Put credentials in a header, not in the URL.",
                ));
            } else if without_placeholders(url).contains(char::is_whitespace) {
                errors.add(ValidationError::new("url", "A URL cannot contain spaces."));
            } else {
                check_variables(errors, "url", url);
            }
        }
    }

    fn validate_body(&self, errors: &mut FieldErrors) {
        let Some(body) = self.body.as_deref().filter(|b| !b.trim().is_empty()) else {
            return;
        };
        if !self.method.has_body() {
            errors.add(ValidationError::new(
                "body",
                format!(
                    "{} requests have no body; use query parameters.",
                    self.method.as_str()
                ),
            ));
            return;
        }
        if body.len() > BODY_MAX {
            errors.add(ValidationError::new(
                "body",
                "The body is larger than 64 KiB.",
            ));
            return;
        }
        match parse_body(body) {
            Err(e) => errors.add(ValidationError::new("body", e.message)),
            Ok(tree) if has_key_placeholder(&tree) => errors.add(ValidationError::new(
                "body",
                "Variables can be used in values, not in keys.",
            )),
            Ok(_) => check_variables(errors, "body", body),
        }
    }
}

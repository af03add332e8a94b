//! How an integration's configuration is kept in its row: secret header values, credential-like
//! query values (in the query table or inline in the URL) and the body template sealed together
//! (AEAD, bound to the row's uuid), everything else plain (the `url` column with its credentials
//! masked). Also the reverse: the row opened into what a run needs, and into what admins may read
//! (secrets masked).
//!
//! A kept secret is bound to the origin (scheme, host, port) it was entered for: a masked value
//! sent back is restored only while the URL keeps that origin; change the destination and every
//! kept secret must be entered again.

use crate::auth::sealed::SecretBox;
use crate::entities::integration;
use crate::error::{ServiceError, ServiceResult};
use model::integration::config::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam};
use model::integration::run_conditions::SkippedCard;
use model::integration::view::{is_secret_param, mask_url_credentials, origin_of};
use model::integration::{is_masked, is_secret_header, mask_secret};
use model::{FieldErrors, ValidationError};
use serde::{Deserialize, Serialize};
use template::condition::Condition;

/// What `sealed_secrets` holds once opened: the secret header values, aligned with the stored
/// header list (`None` for plain headers), and the body template.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Secrets {
    #[serde(default)]
    pub header_values: Vec<Option<String>>,
    #[serde(default)]
    pub body: Option<String>,
    /// Credential-like query values, aligned with the stored query list.
    #[serde(default)]
    pub query_values: Vec<Option<String>>,
    /// The URL in clear, when it holds credentials inline (the column keeps it masked).
    #[serde(default)]
    pub url: Option<String>,
    /// The body holds a secret (masked when read).
    #[serde(default)]
    pub body_secret: bool,
}

/// The associated data that binds an integration's secrets to its row.
fn binding(uuid: &str) -> String {
    format!("integration:{uuid}:secrets")
}

/// An integration opened for use: every header value and the body in clear.
#[derive(Clone, PartialEq)]
pub struct OpenIntegration {
    /// The row (its `sealed_secrets` still sealed).
    pub row: integration::Model,
    /// The HTTP method, read from the row when it was opened.
    pub method: HttpMethod,
    /// Every header with its real value.
    pub headers: Vec<HeaderEntry>,
    /// Query parameters.
    pub query_params: Vec<QueryParam>,
    /// The body template.
    pub body: Option<String>,
    /// Whether the body holds a secret.
    pub body_secret: bool,
    /// The conditions that must all hold for it to run on a sheet.
    pub run_conditions: Vec<Condition>,
    /// What a card whose conditions fail shows.
    pub skipped_card: SkippedCard,
}

// Header values may be credentials: never print them.
impl std::fmt::Debug for OpenIntegration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenIntegration")
            .field("id", &self.row.id)
            .field("version", &self.row.version)
            .finish_non_exhaustive()
    }
}

impl OpenIntegration {
    /// The configuration as input (secrets in clear), e.g. to test it with changes.
    pub fn input(&self) -> IntegrationInput {
        IntegrationInput {
            name: self.row.name.clone(),
            description: self.row.description.clone(),
            method: self.method,
            url: self.row.url.clone(),
            headers: self.headers.clone(),
            query_params: self.query_params.clone(),
            body: self.body.clone(),
            body_secret: self.body_secret,
            cache_minutes: u32::try_from(self.row.cache_minutes).unwrap_or(0),
            stale_minutes: u32::try_from(self.row.stale_minutes).unwrap_or(0),
            revalidate: self.row.revalidate,
            calls_per_minute: u32::try_from(self.row.calls_per_minute).unwrap_or(0),
            breaker_failures: u32::try_from(self.row.breaker_failures).unwrap_or(0),
            breaker_cooldown_seconds: u32::try_from(self.row.breaker_cooldown_seconds).unwrap_or(0),
            timeout_seconds: u32::try_from(self.row.timeout_seconds).unwrap_or(10),
            follow_redirects: self.row.follow_redirects,
            is_active: self.row.is_active,
            display_enabled: self.row.display_enabled,
            run_when_email_known: self.row.run_when_email_known,
            run_conditions: self.run_conditions.clone(),
            skipped_card: self.skipped_card,
            template: self.row.template.clone(),
        }
    }

    /// The URL as admins see it: inline credentials masked.
    pub fn masked_url(&self) -> String {
        mask_url_credentials(&self.row.url).0
    }

    /// The body as admins see it: masked when it holds a secret.
    pub fn masked_body(&self) -> Option<String> {
        if self.body_secret {
            self.body.as_deref().map(mask_secret)
        } else {
            self.body.clone()
        }
    }

    /// Query parameters as admins see them: credential-like values masked.
    pub fn masked_query_params(&self) -> Vec<QueryParam> {
        self.query_params
            .iter()
            .map(|q| QueryParam {
                value: if is_secret_param(&q.name) && !q.value.is_empty() {
                    mask_secret(&q.value)
                } else {
                    q.value.clone()
                },
                ..q.clone()
            })
            .collect()
    }

    /// Headers as admins see them: secret values masked.
    pub fn masked_headers(&self) -> Vec<HeaderEntry> {
        self.headers
            .iter()
            .map(|h| HeaderEntry {
                value: if h.secret {
                    mask_secret(&h.value)
                } else {
                    h.value.clone()
                },
                ..h.clone()
            })
            .collect()
    }
}

/// Opens `row`'s secrets.
pub(crate) fn open(secrets: &SecretBox, row: integration::Model) -> ServiceResult<OpenIntegration> {
    let stored_headers: Vec<HeaderEntry> =
        serde_json::from_value(row.headers.clone()).unwrap_or_default();
    let stored_params: Vec<QueryParam> =
        serde_json::from_value(row.query_params.clone()).unwrap_or_default();
    let opened = match &row.sealed_secrets {
        Some(sealed) => {
            let plain = secrets
                .open(sealed, &binding(&row.uuid))
                .map_err(|e| ServiceError::Internal(format!("integration {}: {e}", row.id)))?;
            serde_json::from_str::<Secrets>(&plain)
                .map_err(|_| ServiceError::Internal(format!("integration {} secrets", row.id)))?
        }
        None => Secrets::default(),
    };
    let headers = stored_headers
        .into_iter()
        .enumerate()
        .map(
            |(i, h)| match opened.header_values.get(i).cloned().flatten() {
                Some(value) if h.secret => HeaderEntry { value, ..h },
                _ => h,
            },
        )
        .collect();
    let query_params = stored_params
        .into_iter()
        .enumerate()
        .map(
            |(i, q)| match opened.query_values.get(i).cloned().flatten() {
                Some(value) => QueryParam { value, ..q },
                None => q,
            },
        )
        .collect();
    let mut row = row;
    if let Some(url) = opened.url {
        row.url = url;
    }
    let run_conditions = match &row.run_conditions {
        Some(stored) => serde_json::from_value(stored.clone()).map_err(|_| {
            ServiceError::Internal(format!("integration {}: run conditions", row.id))
        })?,
        None => Vec::new(),
    };
    Ok(OpenIntegration {
        method: row.method()?,
        skipped_card: row.skipped_card()?,
        run_conditions,
        row,
        headers,
        query_params,
        body: opened.body,
        body_secret: opened.body_secret,
    })
}

/// The columns an input is stored as: the URL with inline credentials masked, headers and query
/// parameters with secret values blanked, and the sealed secrets.
pub(crate) struct Sealed {
    pub url: String,
    pub headers: serde_json::Value,
    pub query_params: serde_json::Value,
    pub sealed_secrets: Option<String>,
}

/// Replaces masked values in `input` (header values, query values, inline URL credentials) by
/// what `previous` stores, and flags credential headers secret. A mask is restored only while the
/// URL keeps `previous`'s origin; a mask with nothing to keep, or sent to another origin, is an
/// error on that field.
pub(crate) fn unmask(
    input: &mut IntegrationInput,
    previous: Option<&OpenIntegration>,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let same_origin = previous.is_some_and(|p| {
        origin_of(&input.url).is_some() && origin_of(&input.url) == origin_of(&p.row.url)
    });
    let kept_for = |field: String, errors: &mut FieldErrors| {
        errors.add(ValidationError::new(
            field,
            if previous.is_some() && !same_origin {
                "The URL now points to another server: enter this secret again."
            } else {
                "Enter this value again."
            },
        ));
    };
    for (i, h) in input.headers.iter_mut().enumerate() {
        h.name = h.name.trim().to_string();
        if is_secret_header(&h.name) {
            h.secret = true;
        }
        if !is_masked(&h.value) {
            continue;
        }
        let kept = previous.filter(|_| same_origin).and_then(|p| {
            p.headers
                .iter()
                .find(|old| old.secret && old.name.eq_ignore_ascii_case(&h.name))
        });
        match kept {
            Some(old) => {
                h.value = old.value.clone();
                h.secret = true;
            }
            None => kept_for(format!("headers.{i}.value"), &mut errors),
        }
    }
    for (i, q) in input.query_params.iter_mut().enumerate() {
        q.name = q.name.trim().to_string();
        if !is_masked(&q.value) {
            continue;
        }
        let kept = previous.filter(|_| same_origin).and_then(|p| {
            p.query_params
                .iter()
                .find(|old| is_secret_param(&old.name) && old.name == q.name)
        });
        match kept {
            Some(old) => q.value = old.value.clone(),
            None => kept_for(format!("query_params.{i}.value"), &mut errors),
        }
    }
    if input.body.as_deref().is_some_and(is_masked) {
        match previous.filter(|p| same_origin && p.body_secret) {
            Some(p) => input.body = p.body.clone(),
            None => kept_for("body".to_string(), &mut errors),
        }
    }
    if input.url.contains(model::integration::view::MASK) {
        match previous {
            Some(p) if input.url.trim() == p.masked_url() => input.url = p.row.url.clone(),
            _ => errors.add(ValidationError::new(
                "url",
                "Enter the credentials in the URL again.",
            )),
        }
    }
    errors.into_result()
}

/// Seals `input`'s secret header values and body for the row with `uuid`.
pub(crate) fn seal(
    secrets: &SecretBox,
    uuid: &str,
    input: &IntegrationInput,
) -> ServiceResult<Sealed> {
    let plain_headers: Vec<HeaderEntry> = input
        .headers
        .iter()
        .map(|h| HeaderEntry {
            value: if h.secret {
                String::new()
            } else {
                h.value.clone()
            },
            ..h.clone()
        })
        .collect();
    let body = input
        .body
        .clone()
        .filter(|b| !b.trim().is_empty() && input.method.has_body());
    let to_seal = Secrets {
        header_values: input
            .headers
            .iter()
            .map(|h| h.secret.then(|| h.value.clone()))
            .collect(),
        body,
        query_values: Vec::new(),
        url: None,
        body_secret: false,
    };
    let (masked_url, url_has_credentials) = mask_url_credentials(input.url.trim());
    let to_seal = Secrets {
        query_values: input
            .query_params
            .iter()
            .map(|q| (is_secret_param(&q.name) && !q.value.is_empty()).then(|| q.value.clone()))
            .collect(),
        url: url_has_credentials.then(|| input.url.trim().to_string()),
        body_secret: input.body_secret,
        ..to_seal
    };
    let plain_params: Vec<QueryParam> = input
        .query_params
        .iter()
        .map(|q| QueryParam {
            value: if is_secret_param(&q.name) {
                String::new()
            } else {
                q.value.clone()
            },
            ..q.clone()
        })
        .collect();
    let has_secrets = to_seal.body.is_some()
        || to_seal.body_secret
        || to_seal.url.is_some()
        || to_seal.header_values.iter().any(Option::is_some)
        || to_seal.query_values.iter().any(Option::is_some);
    let sealed_secrets = if has_secrets {
        let json = serde_json::to_string(&to_seal)
            .map_err(|e| ServiceError::Internal(format!("sealing: {e}")))?;
        Some(secrets.seal(&json, &binding(uuid)))
    } else {
        None
    };
    Ok(Sealed {
        url: masked_url,
        headers: to_json(&plain_headers)?,
        query_params: to_json(&plain_params)?,
        sealed_secrets,
    })
}

fn to_json<T: Serialize>(value: &T) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ServiceError::Internal(format!("columns: {e}")))
}

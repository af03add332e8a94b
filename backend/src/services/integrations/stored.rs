//! How an integration's configuration is kept in its row: secret header values and the body
//! template sealed together (AEAD, bound to the row's uuid), everything else plain. Also the
//! reverse: the row opened into what a run needs, and into what admins may read (secrets masked).

use crate::auth::sealed::SecretBox;
use crate::entities::integration;
use crate::error::{ServiceError, ServiceResult};
use model::integration::config::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam};
use model::integration::{is_masked, is_secret_header, mask_secret};
use model::{FieldErrors, ValidationError};
use serde::{Deserialize, Serialize};

/// What `sealed_secrets` holds once opened: the secret header values, aligned with the stored
/// header list (`None` for plain headers), and the body template.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Secrets {
    #[serde(default)]
    pub header_values: Vec<Option<String>>,
    #[serde(default)]
    pub body: Option<String>,
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
            cache_minutes: u32::try_from(self.row.cache_minutes).unwrap_or(0),
            timeout_seconds: u32::try_from(self.row.timeout_seconds).unwrap_or(10),
            follow_redirects: self.row.follow_redirects,
            is_active: self.row.is_active,
            display_enabled: self.row.display_enabled,
            run_when_email_known: self.row.run_when_email_known,
            template: self.row.template.clone(),
        }
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
    let query_params: Vec<QueryParam> =
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
    Ok(OpenIntegration {
        method: row.method()?,
        row,
        headers,
        query_params,
        body: opened.body,
    })
}

/// The columns an input is stored as: headers with secret values blanked, query parameters, and
/// the sealed secrets.
pub(crate) struct Sealed {
    pub headers: serde_json::Value,
    pub query_params: serde_json::Value,
    pub sealed_secrets: Option<String>,
}

/// Replaces masked header values in `input` by the stored value of the header with the same name
/// in `previous`, and flags credential headers secret. A mask with nothing to keep is an error on
/// that field.
pub(crate) fn unmask(
    input: &mut IntegrationInput,
    previous: Option<&OpenIntegration>,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (i, h) in input.headers.iter_mut().enumerate() {
        h.name = h.name.trim().to_string();
        if is_secret_header(&h.name) {
            h.secret = true;
        }
        if !is_masked(&h.value) {
            continue;
        }
        let kept = previous.and_then(|p| {
            p.headers
                .iter()
                .find(|old| old.secret && old.name.eq_ignore_ascii_case(&h.name))
        });
        match kept {
            Some(old) => {
                h.value = old.value.clone();
                h.secret = true;
            }
            None => errors.add(ValidationError::new(
                format!("headers.{i}.value"),
                "Enter this header's value again.",
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
    };
    let has_secrets = to_seal.body.is_some() || to_seal.header_values.iter().any(Option::is_some);
    let sealed_secrets = if has_secrets {
        let json = serde_json::to_string(&to_seal)
            .map_err(|e| ServiceError::Internal(format!("sealing: {e}")))?;
        Some(secrets.seal(&json, &binding(uuid)))
    } else {
        None
    };
    Ok(Sealed {
        headers: to_json(&plain_headers)?,
        query_params: to_json(&input.query_params)?,
        sealed_secrets,
    })
}

fn to_json<T: Serialize>(value: &T) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| ServiceError::Internal(format!("columns: {e}")))
}

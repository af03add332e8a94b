//! Request extractors whose failures answer in the API's error format: `ApiJson` (400 malformed,
//! 415 wrong content type, 422 with the field's path for type errors), `ApiPath` (a non-numeric id
//! is simply not found) and `ApiQuery` (422 naming the parameter).

use crate::api::errors::{
    ApiError, malformed, not_found, payload_too_large, unsupported_media_type, validation,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use model::{FieldErrors, ValidationError};
use serde::de::DeserializeOwned;

/// A JSON request body.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Turns a serde error at `path` into one field's message. Missing fields say so plainly.
fn field_error(path: &str, message: &str) -> ValidationError {
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some(field) = rest.split('`').next()
    {
        let full = if path == "." || path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        return ValidationError::new(&full, "This field is required.");
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(field) = rest.split('`').next()
    {
        // The path already ends at the unknown key.
        let full = if path == "." || path.is_empty() {
            field
        } else {
            path
        };
        return ValidationError::new(full, "Unknown field.");
    }
    let field = if path == "." || path.is_empty() {
        "body"
    } else {
        path
    };
    // serde's messages ("invalid type: integer `5`, expected a string") name types, never values
    // beyond the offending token; keep the part before its position suffix.
    let text = message.split(" at line ").next().unwrap_or(message);
    ValidationError::new(field, format!("Invalid value: {text}."))
}

/// Parses `bytes` as JSON into `T`, reporting syntax errors as 400 and shape errors as 422.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        validation(&FieldErrors::from(field_error(&path, &inner)))
    })
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e: BytesRejection| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    payload_too_large()
                } else {
                    malformed(e.body_text())
                }
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// For `#[serde(default, deserialize_with = "present")]` on an `Option<Option<T>>` field: tells
/// "given as null" (`Some(None)`) from "absent" (`None`, via `default`) in partial updates.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// A numeric id from the path; anything else is 404, like an id that does not exist.
#[derive(Debug, Clone, Copy)]
pub struct ApiPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(id) = Path::<i64>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        Ok(ApiPath(id))
    }
}

/// Two numeric path ids (`/webhooks/{id}/deliveries/{delivery_id}`); anything else is 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiPathPair(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ApiPathPair {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path((a, b)) = Path::<(i64, i64)>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        Ok(ApiPathPair(a, b))
    }
}

/// Query parameters as text, so each handler can validate and name the parameter at fault.
#[derive(Debug, Clone, Default)]
pub struct ApiQuery(pub Vec<(String, String)>);

impl ApiQuery {
    /// The last value of `name`, trimmed; empty counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

impl ApiQuery {
    /// The last value of `name`, trimmed, even when empty: numbers use this, since an empty
    /// value is not a number (text filters use [`get`](Self::get), where empty means no filter).
    pub fn present(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }

    /// A whole-number parameter: absent is `None`; empty or anything else but digits is an error
    /// recorded in `errors`.
    pub fn integer<T: std::str::FromStr>(
        &self,
        errors: &mut FieldErrors,
        name: &str,
        message: &str,
    ) -> Option<T> {
        let text = self.present(name)?;
        errors.check(
            text.parse::<T>()
                .map_err(|_| ValidationError::new(name, message)),
        )
    }

    /// A phone number parameter. An unencoded `+` arrives as a space (`?phone_number=+44…`, as
    /// the reference's own example writes it), so a leading space is read back as `+`.
    pub fn phone(&self, name: &str) -> Option<String> {
        let raw = self
            .0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)?;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        if raw.starts_with(' ') && trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            Some(format!("+{trimmed}"))
        } else {
            Some(trimmed.to_string())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(ApiQuery(
            form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        tags: Option<Vec<String>>,
    }

    fn details(e: &ApiError) -> String {
        e.details.to_string()
    }

    #[test]
    fn syntax_errors_are_400_and_shape_errors_are_422_naming_the_field() {
        let e = parse_json::<Body>(b"{\"name\": ").err();
        assert_eq!(e.as_ref().map(|e| e.status), Some(StatusCode::BAD_REQUEST));

        let e = parse_json::<Body>(br#"{"name": 5}"#).err();
        assert_eq!(e.as_ref().map(|e| e.code), Some("VALIDATION_ERROR"));
        assert!(e.as_ref().is_some_and(|e| details(e).contains("\"name\"")));

        let e = parse_json::<Body>(br#"{"name": "a", "tags": ["x", 2]}"#).err();
        assert!(
            e.as_ref()
                .is_some_and(|e| details(e).contains("\"tags[1]\""))
        );

        let e = parse_json::<Body>(br#"{}"#).err();
        assert_eq!(
            e.map(|e| e.details),
            Some(serde_json::json!({"name": ["This field is required."]}))
        );
    }

    #[test]
    fn json_content_types_are_recognised() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            CONTENT_TYPE,
            "application/json; charset=utf-8"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert!(is_json(&h));
        h.insert(
            CONTENT_TYPE,
            "text/plain".parse().unwrap_or_else(|_| unreachable!()),
        );
        assert!(!is_json(&h));
    }
}

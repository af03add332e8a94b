//! Validation rules shared by forms (in the browser) and services (on the server), so a user sees
//! the same message next to the field whichever side catches the problem.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Maximum length of a person's or contact's name, in characters.
pub const NAME_MAX: usize = 100;
/// Maximum length of a conversation subject, in characters.
pub const SUBJECT_MAX: usize = 255;
/// Maximum length of a message body, in characters (channels may set lower limits).
pub const MESSAGE_BODY_MAX: usize = 65_535;
/// Maximum length of an email address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Minimum password length.
pub const PASSWORD_MIN: usize = 8;
/// Maximum password length: keeps hashing cost bounded.
pub const PASSWORD_MAX: usize = 256;
/// Maximum length of a search query.
pub const SEARCH_MAX: usize = 200;

/// One field's problem, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// The field's name as the form and the API know it (`email`, `body`, …).
    pub field: String,
    /// The message shown next to the field.
    pub message: String,
}

impl ValidationError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Every field's problem at once, keyed by field name (the first problem per field wins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `result`'s error, if any, and returns its value.
    pub fn check<T>(&mut self, result: Result<T, ValidationError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e);
                None
            }
        }
    }

    /// Records a problem (keeps an earlier one for the same field).
    pub fn add(&mut self, error: ValidationError) {
        self.0.entry(error.field).or_insert(error.message);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// `Ok(())` when empty, otherwise the errors.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The checked `values` when no problem was recorded, otherwise the problems. `values` is
    /// built from [`check`](Self::check)ed options (`Some((a?, b?))`), which are `None` only
    /// when a problem was recorded, so the problems are never empty when it is `None`.
    pub fn finish<T>(self, values: Option<T>) -> Result<T, FieldErrors> {
        match values {
            Some(v) if self.is_empty() => Ok(v),
            _ => Err(self),
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        f.write_str(&parts.join("; "))
    }
}

impl From<ValidationError> for FieldErrors {
    fn from(e: ValidationError) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(e);
        errors
    }
}

/// Trims `value` and checks it holds 1..=`max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new(field, "This field is required."));
    }
    optional_text(field, trimmed, max).map(|v| v.unwrap_or_default())
}

/// Trims `value` and checks it is an absolute http(s) URL of at most `max` characters, without spaces
/// (syntax only; the server applies the address rules where it calls one).
pub fn http_url(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ValidationError::new(field, "This field is required."));
    }
    let lower = v.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r)
            if !r.is_empty()
                && !r.starts_with('/')
                && v.chars().count() <= max
                && !v.chars().any(char::is_whitespace) =>
        {
            Ok(v.to_string())
        }
        _ => Err(ValidationError::new(
            field,
            "Enter an http:// or https:// URL.",
        )),
    }
}

/// Trims `value`; empty becomes `None`; longer than `max` characters is an error.
pub fn optional_text(
    field: &str,
    value: &str,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("Must be at most {max} characters."),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationError::new(field, "Contains control characters."));
    }
    Ok(Some(trimmed.to_string()))
}

/// A checked email address, stored lowercased so uniqueness ignores case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses and normalises an address; `field` names the form field in the error.
    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        let v = value.trim().to_lowercase();
        let invalid =
            || ValidationError::new(field, "Enter a valid email address, like name@example.com.");
        if v.is_empty() {
            return Err(ValidationError::new(field, "This field is required."));
        }
        if v.len() > EMAIL_MAX {
            return Err(ValidationError::new(
                field,
                format!("Must be at most {EMAIL_MAX} characters."),
            ));
        }
        let (local, domain) = v.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '@' && c != '<' && c != '>');
        if !domain_ok || !local_ok {
            return Err(invalid());
        }
        Ok(Self(v))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalised address, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 form (`+` then 8 to 15 digits), the form it is stored and compared in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts international numbers written with spaces, dashes, dots or brackets, a `00`
    /// international prefix, and the `(0)` trunk-prefix notation (`+44 (0)1234 567890`), which is
    /// not dialled internationally; anything without a country code is refused (we cannot guess it).
    pub fn parse(field: &str, value: &str) -> Result<Self, ValidationError> {
        let v = value.trim();
        let invalid = || {
            ValidationError::new(
                field,
                "Enter the number in international format, like +1 415 555 0132.",
            )
        };
        if v.is_empty() {
            return Err(ValidationError::new(field, "This field is required."));
        }
        let rest = if let Some(r) = v.strip_prefix('+') {
            r
        } else if let Some(r) = v.strip_prefix("00") {
            r
        } else {
            return Err(invalid());
        };
        let rest = rest.replacen("(0)", "", 1);
        let mut digits = String::with_capacity(16);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(invalid()),
            }
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(invalid());
        }
        Ok(Self(format!("+{digits}")))
    }

    /// The E.164 string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The E.164 string, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password's length (characters, not bytes).
pub fn new_password(field: &str, value: &str) -> Result<(), ValidationError> {
    let n = value.chars().count();
    if n < PASSWORD_MIN {
        return Err(ValidationError::new(
            field,
            format!("Use at least {PASSWORD_MIN} characters."),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(ValidationError::new(
            field,
            format!("Must be at most {PASSWORD_MAX} characters."),
        ));
    }
    Ok(())
}

/// A team slug: 2–50 lowercase letters, digits and single dashes, used in CLI commands and URLs.
pub fn team_slug(field: &str, value: &str) -> Result<String, ValidationError> {
    let v = value.trim();
    let ok = (2..=50).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !v.starts_with('-')
        && !v.ends_with('-')
        && !v.contains("--");
    if ok {
        Ok(v.to_string())
    } else {
        Err(ValidationError::new(
            field,
            "Use 2–50 lowercase letters, digits and single dashes, like acme-support.",
        ))
    }
}

/// Turns a team name into a slug candidate (`"Acme Support"` → `"acme-support"`).
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(50)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests;

//! What a visitor's browser tells the team about a visit — address, page, referrer, browser and
//! place — as a chat widget or an API client sends it with a conversation or a message.
//!
//! Invariants: a [`Visitor`] that passed [`VisitorInput::check`] holds a parsed IP address (in its
//! canonical text), http(s) URLs only, and no field longer than its limit; an empty field is
//! `None` ("not known"), never an empty string. The conversation keeps the latest visit, the
//! contact its last one; the variables and the transcript read them.

use crate::validation::{self, FieldErrors, ValidationError};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Longest page or referrer URL.
pub const VISITOR_URL_MAX: usize = 2000;
/// Longest user agent.
pub const USER_AGENT_MAX: usize = 1000;
/// Longest location ("Costa Mesa, California, United States").
pub const LOCATION_MAX: usize = 200;

/// A visit, checked: what is known about the visitor's browser.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    /// IP address, canonical (`203.0.113.9`, `2001:db8::1`).
    pub ip: Option<String>,
    /// The page they were on (http or https).
    pub page_url: Option<String>,
    /// The page that led them there (http or https).
    pub referrer: Option<String>,
    /// Their browser's user agent.
    pub user_agent: Option<String>,
    /// Where they were, as a place name.
    pub location: Option<String>,
}

impl Visitor {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self == &Visitor::default()
    }
}

/// A visit as sent, before its checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorInput {
    /// IP address (v4 or v6).
    pub ip: Option<String>,
    /// Page URL.
    pub page_url: Option<String>,
    /// Referrer URL.
    pub referrer: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Location.
    pub location: Option<String>,
}

impl VisitorInput {
    /// Checks every field, recording problems under `{prefix}.ip`, `{prefix}.page_url`, …;
    /// `None` when any field is wrong.
    pub fn check(&self, prefix: &str, errors: &mut FieldErrors) -> Option<Visitor> {
        let key = |name: &str| format!("{prefix}.{name}");
        let ip = errors.check(ip_address(&key("ip"), text(&self.ip)));
        let page_url = errors.check(optional_url(&key("page_url"), text(&self.page_url)));
        let referrer = errors.check(optional_url(&key("referrer"), text(&self.referrer)));
        let user_agent = errors.check(validation::optional_text(
            &key("user_agent"),
            text(&self.user_agent),
            USER_AGENT_MAX,
        ));
        let location = errors.check(validation::optional_text(
            &key("location"),
            text(&self.location),
            LOCATION_MAX,
        ));
        Some(Visitor {
            ip: ip?,
            page_url: page_url?,
            referrer: referrer?,
            user_agent: user_agent?,
            location: location?,
        })
    }
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().map(str::trim).unwrap_or_default()
}

fn ip_address(field: &str, raw: &str) -> Result<Option<String>, ValidationError> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<IpAddr>()
        .map(|ip| Some(ip.to_string()))
        .map_err(|_| {
            ValidationError::new(
                field,
                "Enter an IP address, like 203.0.113.9 or 2001:db8::1.",
            )
        })
}

fn optional_url(field: &str, raw: &str) -> Result<Option<String>, ValidationError> {
    if raw.is_empty() {
        return Ok(None);
    }
    validation::http_url(field, raw, VISITOR_URL_MAX).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn checked(input: VisitorInput) -> Result<Visitor, FieldErrors> {
        let mut errors = FieldErrors::new();
        let visitor = input.check("visitor", &mut errors);
        errors.finish(visitor)
    }

    #[test]
    fn a_full_visit_is_kept_trimmed_with_its_address_in_canonical_form() {
        let visitor = checked(VisitorInput {
            ip: Some(" 2001:DB8:0::1 ".into()),
            page_url: Some("https://shop.example/cart".into()),
            referrer: Some("http://search.example/?q=boots".into()),
            user_agent: Some("Mozilla/5.0".into()),
            location: Some("Costa Mesa, California, United States".into()),
        })
        .expect("valid");
        assert_eq!(visitor.ip.as_deref(), Some("2001:db8::1"));
        assert_eq!(
            visitor.page_url.as_deref(),
            Some("https://shop.example/cart")
        );
        assert_eq!(
            visitor.location.as_deref(),
            Some("Costa Mesa, California, United States")
        );
    }

    #[test]
    fn empty_fields_mean_not_known() {
        let visitor = checked(VisitorInput {
            ip: Some("  ".into()),
            page_url: Some(String::new()),
            ..Default::default()
        })
        .expect("valid");
        assert!(visitor.is_empty());
    }

    #[test]
    fn each_wrong_field_is_named_with_its_prefix() {
        let errors = checked(VisitorInput {
            ip: Some("300.1.1.1".into()),
            page_url: Some("javascript:alert(1)".into()),
            referrer: Some("ftp://files.example".into()),
            user_agent: Some("x".repeat(USER_AGENT_MAX + 1)),
            location: Some("y".repeat(LOCATION_MAX + 1)),
        })
        .expect_err("invalid");
        for field in ["ip", "page_url", "referrer", "user_agent", "location"] {
            assert!(
                errors.get(&format!("visitor.{field}")).is_some(),
                "no error for {field}: {errors:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_ip_address_is_accepted_and_rewritten_canonically(ip in any::<IpAddr>()) {
            let visitor = checked(VisitorInput { ip: Some(ip.to_string()), ..Default::default() })
                .expect("valid");
            prop_assert_eq!(visitor.ip, Some(ip.to_string()));
        }

        #[test]
        fn text_that_is_not_an_address_is_refused(raw in "[a-z :.]{1,20}") {
            prop_assume!(raw.trim().parse::<IpAddr>().is_err() && !raw.trim().is_empty());
            let result = checked(VisitorInput { ip: Some(raw), ..Default::default() });
            prop_assert!(result.is_err());
        }
    }
}

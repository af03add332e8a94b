//! The `visitor` object: what a visitor's browser told the team about a visit, sent with a new
//! conversation or message and shown on the conversation (its latest visit).

use model::visitor::{Visitor, VisitorInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A visit: every field is optional, and an empty one means "not known".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "ip": "64.145.94.51",
    "page_url": "https://shop.example.com/pricing",
    "referrer": "https://www.google.com/",
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15",
    "location": "Costa Mesa, California, United States"
}))]
pub struct VisitorResource {
    /// The visitor's IP address, v4 or v6 (`203.0.113.9`, `2001:db8::1`).
    #[schema(schema_with = crate::api::formats::ip_address)]
    pub ip: Option<String>,
    /// The page they were on: an http(s) URL, at most 2,000 characters.
    #[schema(schema_with = crate::api::formats::http_url)]
    pub page_url: Option<String>,
    /// The page that led them there: an http(s) URL, at most 2,000 characters.
    #[schema(schema_with = crate::api::formats::http_url)]
    pub referrer: Option<String>,
    /// Their browser's user agent, at most 1,000 characters.
    #[schema(max_length = 1000)]
    pub user_agent: Option<String>,
    /// Where they were, at most 200 characters ("Costa Mesa, California, United States").
    #[schema(max_length = 200)]
    pub location: Option<String>,
}

impl From<VisitorResource> for VisitorInput {
    fn from(v: VisitorResource) -> Self {
        VisitorInput {
            ip: v.ip,
            page_url: v.page_url,
            referrer: v.referrer,
            user_agent: v.user_agent,
            location: v.location,
        }
    }
}

impl From<Visitor> for VisitorResource {
    fn from(v: Visitor) -> Self {
        VisitorResource {
            ip: v.ip,
            page_url: v.page_url,
            referrer: v.referrer,
            user_agent: v.user_agent,
            location: v.location,
        }
    }
}

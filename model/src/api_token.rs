//! API tokens as the settings page lists them (never with their secret).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every token starts with this, so leaked tokens are recognisable (and secret scanners can find them).
pub const API_TOKEN_PREFIX: &str = "chl_";

/// Longest token name.
pub const API_TOKEN_NAME_MAX: usize = 100;

/// One active token of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenView {
    /// The token's id (also part of the token itself).
    pub id: i64,
    /// What the admin called it ("Zapier").
    pub name: String,
    /// Who created it; the token acts as this user.
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last authenticated a request (updated at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A token just created: the only moment its plain value exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiTokenView {
    /// The listed token.
    pub token: ApiTokenView,
    /// The plain bearer token, shown once.
    pub plain: String,
}

//! Collections: `limit` (default 50, 1–100; anything else is 422), `offset` or `page`, the
//! `created_after` polling filter, and the `{data, links, meta}` envelope whose absolute links keep
//! every other query parameter.

use crate::api::extract::ApiQuery;
use axum::http::{HeaderMap, Uri, header};
use backend::services::{Listed, Window};
use chrono::{DateTime, Utc};
use model::{FieldErrors, ValidationError};
use serde::Serialize;

/// Rows per page when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest `limit` accepted.
pub const MAX_LIMIT: u64 = 100;
/// Largest `offset` accepted (and so the deepest `page`): far beyond any real list, well inside
/// the databases' signed 64-bit integers.
pub const MAX_OFFSET: u64 = 1_000_000_000;
/// Largest `page` accepted.
pub const MAX_PAGE: u64 = 10_000_000;

/// How the caller pages: links answer in the same style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Page,
    Offset,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The rows to return.
    pub window: Window,
    style: Style,
}

fn whole_number(errors: &mut FieldErrors, query: &ApiQuery, name: &str) -> Option<u64> {
    query.integer(errors, name, "Must be a whole number of 0 or more.")
}

impl PageRequest {
    /// Reads `limit`, `offset` and `page`, recording problems in `errors`.
    pub fn from_query(query: &ApiQuery, errors: &mut FieldErrors) -> Self {
        let limit = match whole_number(errors, query, "limit") {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                errors.add(ValidationError::new(
                    "limit",
                    format!("Must be between 1 and {MAX_LIMIT}."),
                ));
                DEFAULT_LIMIT
            }
        };
        let offset = whole_number(errors, query, "offset");
        let page = whole_number(errors, query, "page");
        match page {
            Some(0) => errors.add(ValidationError::new("page", "Pages start at 1.")),
            Some(p) if p > MAX_PAGE => errors.add(ValidationError::new(
                "page",
                format!("Pages end at {MAX_PAGE}."),
            )),
            _ => {}
        }
        if offset.is_some() && page.is_some() {
            errors.add(ValidationError::new(
                "page",
                "Use either page or offset, not both.",
            ));
        }
        let request = match (offset, page) {
            (Some(offset), _) => PageRequest {
                window: Window { offset, limit },
                style: Style::Offset,
            },
            (None, page) => PageRequest {
                window: Window {
                    offset: page.unwrap_or(1).saturating_sub(1).saturating_mul(limit),
                    limit,
                },
                style: Style::Page,
            },
        };
        if request.window.offset > MAX_OFFSET {
            let field = if offset.is_some() { "offset" } else { "page" };
            errors.add(ValidationError::new(
                field,
                format!("Lists end at row {MAX_OFFSET}."),
            ));
        }
        request
    }
}

/// Reads `created_after` (ISO 8601 / RFC 3339; a date alone means its midnight UTC).
pub fn created_after(query: &ApiQuery, errors: &mut FieldErrors) -> Option<DateTime<Utc>> {
    let text = query.get("created_after")?;
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        });
    if parsed.is_none() {
        errors.add(ValidationError::new(
            "created_after",
            "Must be an ISO 8601 timestamp such as 2026-01-26T10:00:00Z.",
        ));
    }
    parsed
}

/// The absolute URL of the request, for links: `CHATLANE_PUBLIC_URL` when set, otherwise the
/// request's own `Host` over http.
#[derive(Debug, Clone)]
pub struct RequestUrl {
    /// Scheme, host and path, without the query.
    pub path: String,
    query: Vec<(String, String)>,
}

/// Scheme and host users reach this server at: `CHATLANE_PUBLIC_URL` when set, otherwise the
/// request's own `Host` over http.
pub fn base_url(public_url: Option<&str>, headers: &HeaderMap) -> String {
    match public_url {
        Some(url) => url.to_string(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    }
}

impl RequestUrl {
    /// From the request's headers, URI and already parsed query.
    pub fn new(public_url: Option<&str>, headers: &HeaderMap, uri: &Uri, query: &ApiQuery) -> Self {
        RequestUrl {
            path: format!("{}{}", base_url(public_url, headers), uri.path()),
            query: query.0.clone(),
        }
    }

    /// This URL with `name=value` in place of any `page`/`offset` parameters.
    fn with(&self, name: &str, value: u64) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.query {
            if k != "page" && k != "offset" {
                serializer.append_pair(k, v);
            }
        }
        serializer.append_pair(name, &value.to_string());
        format!("{}?{}", self.path, serializer.finish())
    }
}

/// `links` of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Links {
    /// The first page.
    pub first: String,
    /// The last page.
    pub last: String,
    /// The previous page, or null on the first.
    pub prev: Option<String>,
    /// The next page, or null on the last.
    pub next: Option<String>,
}

/// `meta` of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Meta {
    /// This page's number (from 1).
    pub current_page: u64,
    /// Position of this page's first row (from 1), or null when the page is empty.
    pub from: Option<u64>,
    /// The last page's number (at least 1).
    pub last_page: u64,
    /// The collection's URL without query.
    pub path: String,
    /// Rows per page (the `limit`).
    pub per_page: u64,
    /// Position of this page's last row, or null when the page is empty.
    pub to: Option<u64>,
    /// Rows matching the filters.
    pub total: u64,
}

/// A collection response.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Paginated<T: utoipa::ToSchema> {
    /// This page's rows.
    pub data: Vec<T>,
    /// Navigation.
    pub links: Links,
    /// Counts and positions.
    pub meta: Meta,
}

/// Builds the envelope for `listed` rows (already mapped to resources) of `request` at `url`.
pub fn paginate<T: utoipa::ToSchema>(
    listed: Listed<T>,
    request: PageRequest,
    url: &RequestUrl,
) -> Paginated<T> {
    let Window { offset, limit } = request.window;
    let total = listed.total;
    let count = listed.rows.len() as u64;
    let last_page = total.div_ceil(limit).max(1);
    let current_page = offset / limit + 1;
    let link = |page: u64| match request.style {
        Style::Page => url.with("page", page),
        Style::Offset => url.with("offset", (page - 1) * limit),
    };
    let (prev, next) = match request.style {
        Style::Page => (
            (current_page > 1).then(|| link(current_page - 1)),
            (current_page < last_page).then(|| link(current_page + 1)),
        ),
        // Offsets need not be multiples of the limit: step by exactly one limit.
        Style::Offset => (
            (offset > 0).then(|| url.with("offset", offset.saturating_sub(limit))),
            (offset + limit < total).then(|| url.with("offset", offset + limit)),
        ),
    };
    Paginated {
        links: Links {
            first: link(1),
            last: link(last_page),
            prev,
            next,
        },
        meta: Meta {
            current_page,
            from: (count > 0).then_some(offset + 1),
            last_page,
            path: url.path.clone(),
            per_page: limit,
            to: (count > 0).then_some(offset + count),
            total,
        },
        data: listed.rows,
    }
}

#[cfg(test)]
mod tests;

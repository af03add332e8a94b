//! Turning one JSON value into what a card shows: text, numbers, money, percentages, dates,
//! relative times, Yes/No, status badges, links (only safe schemes), e-mail and phone links, and
//! lists of badges.

use crate::url::safe_href;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

crate::string_enum!(
    /// How a field's value is shown, in the order the builder offers them.
    #[derive(Default)]
    pub enum Format {
        /// As text (the default).
        #[default]
        Text => "text" as "Text",
        /// A number with thousands separators.
        Number => "number" as "Number (1,234)",
        /// Money in the field's currency (`USD` unless given); strings like `"$450.00"` pass through.
        Currency => "currency" as "Currency ($2,850.00)",
        /// A percentage: `25` → `25%`.
        Percent => "percent" as "Percent (25%)",
        /// `Jan 15, 2024`.
        Date => "date" as "Date (Jan 15, 2024)",
        /// `Jan 15, 2024, 10:30`.
        DateTime => "date_time" as "Date and time",
        /// `3 days ago`, `in 2 hours`.
        RelativeTime => "relative_time" as "Relative time (3 days ago)",
        /// Yes or No.
        Boolean => "boolean" as "Yes / No",
        /// A colored status badge.
        Status => "status" as "Status badge",
        /// A link (http and https only).
        Link => "link" as "Link",
        /// A `mailto:` link.
        Email => "email" as "Email",
        /// A `tel:` link.
        Phone => "phone" as "Phone",
        /// An array shown as badges.
        List => "list" as "List of badges",
    }
);

/// A badge's color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum BadgeColor {
    /// Good (active, completed, paid).
    Green,
    /// Waiting (pending, in progress).
    Amber,
    /// Bad (failed, cancelled, overdue).
    Red,
    /// Informational.
    Blue,
    /// Anything else.
    #[default]
    Grey,
}

/// The default color of a status value.
pub fn status_color(value: &str) -> BadgeColor {
    let v = value.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    match v.as_str() {
        "active" | "completed" | "complete" | "paid" | "success" | "succeeded" | "ok"
        | "enabled" | "approved" | "delivered" | "resolved" => BadgeColor::Green,
        "pending" | "in_progress" | "processing" | "waiting" | "trial" | "trialing" | "on_hold"
        | "open" => BadgeColor::Amber,
        "failed" | "cancelled" | "canceled" | "overdue" | "error" | "declined" | "expired"
        | "past_due" | "refunded" | "disabled" | "blocked" => BadgeColor::Red,
        _ => BadgeColor::Grey,
    }
}

/// One piece of a card: text, a badge, or a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// A badge.
    Badge {
        /// Its text.
        text: String,
        /// Its color.
        color: BadgeColor,
    },
    /// A link opening in a new tab.
    Link {
        /// What it says.
        text: String,
        /// A checked http(s), mailto or tel URL.
        href: String,
    },
}

impl Inline {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }

    /// The visible text.
    pub fn label(&self) -> &str {
        match self {
            Inline::Text { text } | Inline::Badge { text, .. } | Inline::Link { text, .. } => text,
        }
    }
}

/// What formatting needs besides the value.
#[derive(Debug, Clone, Copy)]
pub struct FormatContext<'a> {
    /// "Now", for relative times.
    pub now: DateTime<Utc>,
    /// The field's currency code (`USD` by default).
    pub currency: Option<&'a str>,
    /// Per-value badge colors that replace the defaults.
    pub colors: Option<&'a BTreeMap<String, BadgeColor>>,
}

/// A scalar as text (`None` for null, objects, and arrays of non-scalars).
pub fn plain(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "Yes" } else { "No" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            (!parts.is_empty() && parts.len() == items.len()).then(|| parts.join(", "))
        }
        Value::Object(_) => None,
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

/// `1234567.891` with `decimals` → `1,234,567.89`.
pub fn grouped(n: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, n.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(&f);
    }
    if n < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        grouped(n, 0)
    } else {
        let two = grouped(n, 2);
        two.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn currency_text(value: &Value, code: &str) -> Option<String> {
    if let Value::String(s) = value
        && s.trim().parse::<f64>().is_err()
        && s.trim().replace(',', "").parse::<f64>().is_err()
    {
        // Already formatted by the API ("$450.00", "450 EUR").
        return Some(s.clone());
    }
    let n = number_of(value)?;
    let code = code.trim().to_ascii_uppercase();
    let (symbol, decimals) = match code.as_str() {
        "USD" => ("$", 2),
        "EUR" => ("€", 2),
        "GBP" => ("£", 2),
        "JPY" => ("¥", 0),
        "INR" => ("₹", 2),
        "CAD" => ("CA$", 2),
        "AUD" => ("A$", 2),
        _ => ("", 2),
    };
    let amount = grouped(n, decimals);
    Some(match (symbol, amount.strip_prefix('-')) {
        ("", _) => format!("{amount} {code}"),
        (s, Some(positive)) => format!("-{s}{positive}"),
        (s, None) => format!("{s}{amount}"),
    })
}

/// Reads dates as the APIs send them: RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`, or Unix
/// seconds.
pub fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::Number(n) => {
            let secs = n.as_i64()?;
            // Milliseconds are told apart from seconds by size.
            let secs = if secs > 100_000_000_000 {
                secs / 1000
            } else {
                secs
            };
            DateTime::from_timestamp(secs, 0)
        }
        Value::String(s) => {
            let s = s.trim();
            DateTime::parse_from_rfc3339(s)
                .map(|d| d.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                        .ok()
                        .map(|d| d.and_utc())
                })
                .or_else(|| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| d.and_utc())
                })
        }
        _ => None,
    }
}

fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - at).num_seconds();
    let (amount, unit) = match secs.unsigned_abs() {
        s if s < 45 => return "just now".to_string(),
        s if s < 3600 => (s.div_ceil(60).max(1), "minute"),
        s if s < 86_400 => (s / 3600, "hour"),
        s if s < 86_400 * 30 => (s / 86_400, "day"),
        s if s < 86_400 * 365 => (s / (86_400 * 30), "month"),
        s => (s / (86_400 * 365), "year"),
    };
    let plural = if amount == 1 { "" } else { "s" };
    if secs >= 0 {
        format!("{amount} {unit}{plural} ago")
    } else {
        format!("in {amount} {unit}{plural}")
    }
}

fn truthy_text(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Some(true),
            "false" | "no" | "n" | "0" | "off" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn badge(text: String, ctx: &FormatContext<'_>) -> Inline {
    let color = ctx
        .colors
        .and_then(|c| {
            c.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(text.trim()))
                .map(|(_, v)| *v)
        })
        .unwrap_or_else(|| status_color(&text));
    Inline::Badge { text, color }
}

/// A status value as people read it: `in_progress` → `In progress`.
pub fn humanize(text: &str) -> String {
    let spaced = text.trim().replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// `value` shown with `format`; empty when there is nothing to show.
pub fn format_value(value: &Value, format: Format, ctx: &FormatContext<'_>) -> Vec<Inline> {
    let one = |inline: Option<Inline>| inline.into_iter().collect::<Vec<_>>();
    match format {
        Format::Text => one(plain(value).map(Inline::text)),
        Format::Number => one(number_of(value)
            .map(|n| Inline::text(number_text(n)))
            .or_else(|| plain(value).map(Inline::text))),
        Format::Currency => one(currency_text(value, ctx.currency.unwrap_or("USD"))
            .or_else(|| plain(value))
            .map(Inline::text)),
        Format::Percent => one(number_of(value)
            .map(|n| Inline::text(format!("{}%", number_text(n))))
            .or_else(|| plain(value).map(Inline::text))),
        Format::Date => one(parse_time(value)
            .map(|t| Inline::text(t.format("%b %-d, %Y").to_string()))
            .or_else(|| plain(value).map(Inline::text))),
        Format::DateTime => one(parse_time(value)
            .map(|t| Inline::text(t.format("%b %-d, %Y, %H:%M").to_string()))
            .or_else(|| plain(value).map(Inline::text))),
        Format::RelativeTime => one(parse_time(value)
            .map(|t| Inline::text(relative(t, ctx.now)))
            .or_else(|| plain(value).map(Inline::text))),
        Format::Boolean => one(truthy_text(value)
            .map(|b| Inline::text(if b { "Yes" } else { "No" }))
            .or_else(|| plain(value).map(Inline::text))),
        Format::Status => one(plain(value).map(|t| {
            let mut b = badge(t.clone(), ctx);
            if let Inline::Badge { text, .. } = &mut b {
                *text = humanize(&t);
            }
            b
        })),
        Format::Link => one(
            plain(value).map(|t| match safe_href(&t, &["http", "https"]) {
                Some(href) => Inline::Link { text: t, href },
                None => Inline::text(t),
            }),
        ),
        Format::Email => one(plain(value).map(|t| {
            let address = t.trim().to_string();
            if address.contains('@') && !address.contains([' ', '?', '&', '<', '>', '"']) {
                Inline::Link {
                    href: format!("mailto:{address}"),
                    text: t,
                }
            } else {
                Inline::text(t)
            }
        })),
        Format::Phone => one(plain(value).map(|t| {
            let dial: String = t
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            if dial.chars().filter(char::is_ascii_digit).count() >= 3 {
                Inline::Link {
                    href: format!("tel:{dial}"),
                    text: t,
                }
            } else {
                Inline::text(t)
            }
        })),
        Format::List => match value {
            Value::Array(items) => items
                .iter()
                .filter_map(scalar_text)
                .map(|t| Inline::Badge {
                    text: t,
                    color: BadgeColor::Grey,
                })
                .collect(),
            other => one(plain(other).map(|t| Inline::Badge {
                text: t,
                color: BadgeColor::Grey,
            })),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn format_names_stay_the_ones_saved_templates_hold() {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "text",
                "number",
                "currency",
                "percent",
                "date",
                "date_time",
                "relative_time",
                "boolean",
                "status",
                "link",
                "email",
                "phone",
                "list"
            ]
        );
        assert!("sparkline".parse::<Format>().is_err());
    }

    fn ctx() -> FormatContext<'static> {
        FormatContext {
            now: DateTime::parse_from_rfc3339("2024-01-18T10:30:00Z")
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_default(),
            currency: None,
            colors: None,
        }
    }

    fn shown(value: Value, format: Format) -> Vec<String> {
        format_value(&value, format, &ctx())
            .iter()
            .map(|i| i.label().to_string())
            .collect()
    }

    #[test]
    fn numbers_money_and_percentages() {
        assert_eq!(shown(json!(2850.0), Format::Currency), ["$2,850.00"]);
        assert_eq!(shown(json!("$450.00"), Format::Currency), ["$450.00"]);
        assert_eq!(shown(json!("1299.5"), Format::Currency), ["$1,299.50"]);
        assert_eq!(shown(json!(-12.5), Format::Currency), ["-$12.50"]);
        let eur = FormatContext {
            currency: Some("eur"),
            ..ctx()
        };
        assert_eq!(
            format_value(&json!(3), Format::Currency, &eur)[0].label(),
            "€3.00"
        );
        let chf = FormatContext {
            currency: Some("CHF"),
            ..ctx()
        };
        assert_eq!(
            format_value(&json!(3), Format::Currency, &chf)[0].label(),
            "3.00 CHF"
        );
        assert_eq!(shown(json!(1234567), Format::Number), ["1,234,567"]);
        assert_eq!(shown(json!(1234.5), Format::Number), ["1,234.5"]);
        assert_eq!(shown(json!(25), Format::Percent), ["25%"]);
        assert_eq!(shown(json!("n/a"), Format::Number), ["n/a"]);
    }

    #[test]
    fn dates_times_and_relative_times() {
        assert_eq!(
            shown(json!("2024-01-15T10:30:00Z"), Format::Date),
            ["Jan 15, 2024"]
        );
        assert_eq!(shown(json!("2024-06-15"), Format::Date), ["Jun 15, 2024"]);
        assert_eq!(
            shown(json!("2024-01-15T10:30:00Z"), Format::DateTime),
            ["Jan 15, 2024, 10:30"]
        );
        assert_eq!(
            shown(json!("2024-01-15T10:30:00Z"), Format::RelativeTime),
            ["3 days ago"]
        );
        assert_eq!(
            shown(json!("2024-01-18T12:30:00Z"), Format::RelativeTime),
            ["in 2 hours"]
        );
        assert_eq!(shown(json!(1705314600), Format::Date), ["Jan 15, 2024"]);
        assert_eq!(shown(json!("soon"), Format::Date), ["soon"]);
    }

    #[test]
    fn booleans_statuses_and_lists() {
        assert_eq!(shown(json!(true), Format::Boolean), ["Yes"]);
        assert_eq!(shown(json!("no"), Format::Boolean), ["No"]);
        let status = format_value(&json!("in_progress"), Format::Status, &ctx());
        assert_eq!(
            status,
            [Inline::Badge {
                text: "In progress".into(),
                color: BadgeColor::Amber
            }]
        );
        assert_eq!(status_color("Paid"), BadgeColor::Green);
        assert_eq!(status_color("OVERDUE"), BadgeColor::Red);
        assert_eq!(status_color("gold"), BadgeColor::Grey);
        let mut colors = BTreeMap::new();
        colors.insert("gold".to_string(), BadgeColor::Amber);
        let custom = FormatContext {
            colors: Some(&colors),
            ..ctx()
        };
        assert!(matches!(
            format_value(&json!("Gold"), Format::Status, &custom)[0],
            Inline::Badge {
                color: BadgeColor::Amber,
                ..
            }
        ));
        assert_eq!(
            shown(json!(["vip", "beta-user"]), Format::List),
            ["vip", "beta-user"]
        );
        assert_eq!(
            shown(json!(["vip", "beta-user"]), Format::Text),
            ["vip, beta-user"]
        );
        assert!(
            shown(json!({"a": 1}), Format::Text).is_empty(),
            "objects are never shown raw"
        );
        assert!(shown(json!(null), Format::Currency).is_empty());
    }

    #[test]
    fn links_emails_and_phones_only_with_safe_targets() {
        assert_eq!(
            format_value(
                &json!("https://orders.example.com/12345"),
                Format::Link,
                &ctx()
            ),
            [Inline::Link {
                text: "https://orders.example.com/12345".into(),
                href: "https://orders.example.com/12345".into()
            }]
        );
        assert_eq!(
            format_value(&json!("javascript:alert(1)"), Format::Link, &ctx()),
            [Inline::text("javascript:alert(1)")]
        );
        assert_eq!(
            format_value(&json!("sam@example.com"), Format::Email, &ctx()),
            [Inline::Link {
                text: "sam@example.com".into(),
                href: "mailto:sam@example.com".into()
            }]
        );
        assert_eq!(
            format_value(&json!("+1 (415) 555-0100"), Format::Phone, &ctx()),
            [Inline::Link {
                text: "+1 (415) 555-0100".into(),
                href: "tel:+14155550100".into()
            }]
        );
    }
}

//! What may stand inside `{{…}}` in an integration's request: a variable — a fixed one
//! (`contact.email`) or a contact attribute by any key (`contact.attributes.plan`,
//! `contact.attributes["Company Name"]`, and `contact.custom_attributes…`, the REST field's
//! name, as an alias) — followed by helper filters (`| trim | default: "there"`). One parser for
//! the runner, the save-time checks, the Testing tab and the editor's list.
//!
//! Invariants:
//! - Filters work on text and run before the slot's escaping (URL path, query, header, JSON),
//!   which stays automatic: no filter's output can change the request's structure.
//! - Absent, `null` and empty text all mean "no value", after every filter too: `default`
//!   replaces it, the other filters leave it missing.
//! - [`Source::name`] is the canonical spelling; it parses back to the same source, so values
//!   are keyed by it ([`VariableValues`]).

use super::variables::{
    ATTRIBUTE_PREFIX, Variable, VariableValues, attribute_name, outside_quotes, placeholders,
    simple_key,
};
use percent_encoding::utf8_percent_encode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use std::fmt;

/// Everything but RFC 3986 unreserved characters is encoded in inserted values (by the slots'
/// escaping in `request`, and by `| urlencode`).
pub(super) const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The REST field's name, accepted as an alias of [`ATTRIBUTE_PREFIX`].
const ALIAS_PREFIX: &str = "contact.custom_attributes";

template::string_enum!(
    /// A helper filter, in the order the editor lists them.
    pub enum FilterName {
        /// Lower case.
        Lower => "lower",
        /// Upper case.
        Upper => "upper",
        /// Without surrounding spaces.
        Trim => "trim",
        /// A text to use when there is no value.
        Default => "default",
        /// Percent-encoded, for the rare slot the automatic escaping does not cover.
        Urlencode => "urlencode",
    }
);

impl FilterName {
    /// One example, as the editor shows it.
    pub fn example(self) -> &'static str {
        match self {
            FilterName::Lower => "{{contact.email | lower}}",
            FilterName::Upper => "{{contact.attributes.country | upper}}",
            FilterName::Trim => "{{contact.name | trim}}",
            FilterName::Default => "{{contact.name | default: \"there\"}}",
            FilterName::Urlencode => "{{conversation.subject | urlencode}}",
        }
    }
}

/// One filter with its argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `| lower`.
    Lower,
    /// `| upper`.
    Upper,
    /// `| trim`.
    Trim,
    /// `| default: "…"`.
    Default(String),
    /// `| urlencode`.
    Urlencode,
}

impl Filter {
    /// `value` after this filter; `None` is "no value".
    pub fn apply(&self, value: Option<String>) -> Option<String> {
        let out = match self {
            Filter::Lower => value.map(|v| v.to_lowercase()),
            Filter::Upper => value.map(|v| v.to_uppercase()),
            Filter::Trim => value.map(|v| v.trim().to_string()),
            Filter::Default(text) => value.or_else(|| Some(text.clone())),
            Filter::Urlencode => value.map(|v| utf8_percent_encode(&v, VALUE).to_string()),
        };
        out.filter(|v| !v.is_empty())
    }
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A fixed variable.
    Fixed(Variable),
    /// The contact attribute with this key (any text).
    Attribute(String),
}

impl Source {
    /// The canonical spelling: `contact.email`, `contact.attributes.plan`, or for a key that
    /// is not letters, digits, `_` and `-`, `contact.attributes["Company Name"]`.
    pub fn name(&self) -> String {
        match self {
            Source::Fixed(v) => v.as_str().to_string(),
            Source::Attribute(key) => attribute_name(key),
        }
    }

    /// What the agent is told when it has no value and the call cannot be made without it.
    pub fn missing_reason(&self) -> String {
        match self {
            Source::Fixed(v) => v.missing_reason().to_string(),
            Source::Attribute(key) => format!("Needs the contact's {key} attribute"),
        }
    }
}

/// A variable with its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    /// Where the value comes from.
    pub source: Source,
    /// What is done to it, in order.
    pub filters: Vec<Filter>,
}

/// Why the text inside `{{…}}` is not an expression (the message names what to fix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpressionError {
    /// No such variable.
    UnknownVariable(String),
    /// No such filter.
    UnknownFilter(String),
    /// An attribute key that is not written `.key` or `["any key"]`.
    BadKey(String),
    /// A filter's argument is missing, unexpected or not quoted.
    BadArgument(String),
}

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpressionError::UnknownVariable(name) => {
                write!(f, "Unknown variable: {{{{{name}}}}}.")
            }
            ExpressionError::UnknownFilter(name) => write!(
                f,
                "Unknown filter `{name}`. Filters: {}.",
                FilterName::ALL
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ExpressionError::BadKey(text) => write!(
                f,
                "Write an attribute as contact.attributes.key or contact.attributes[\"any key\"], not {text}."
            ),
            ExpressionError::BadArgument(message) => f.write_str(message),
        }
    }
}

/// `text` split at `separator` where it stands outside quotes.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in outside_quotes(text).filter(|&(_, c)| c == separator) {
        parts.push(&text[start..i]);
        start = i + c.len_utf8();
    }
    parts.push(&text[start..]);
    parts
}

/// The text of a quoted string (`"…"` or `'…'`, with `\` escaping the quote and itself), when
/// `text` is exactly one.
fn unquote(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            c if c == quote => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn parse_source(text: &str) -> Result<Source, ExpressionError> {
    let text = text.trim();
    let attribute_rest = [ATTRIBUTE_PREFIX.trim_end_matches('.'), ALIAS_PREFIX]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix));
    let Some(rest) = attribute_rest else {
        return text
            .parse::<Variable>()
            .map(Source::Fixed)
            .map_err(|_| ExpressionError::UnknownVariable(text.to_string()));
    };
    if let Some(key) = rest.strip_prefix('.') {
        return if simple_key(key) {
            Ok(Source::Attribute(key.to_string()))
        } else {
            Err(ExpressionError::BadKey(text.to_string()))
        };
    }
    rest.trim()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|quoted| unquote(quoted.trim()))
        .filter(|key| !key.is_empty())
        .map(Source::Attribute)
        .ok_or_else(|| ExpressionError::BadKey(text.to_string()))
}

fn parse_filter(text: &str) -> Result<Filter, ExpressionError> {
    let (name, argument) = match text.split_once(':') {
        Some((n, a)) => (n.trim(), Some(a.trim())),
        None => (text.trim(), None),
    };
    let name = name
        .parse::<FilterName>()
        .map_err(|_| ExpressionError::UnknownFilter(name.to_string()))?;
    match (name, argument) {
        (FilterName::Default, Some(arg)) => unquote(arg).map(Filter::Default).ok_or_else(|| {
            ExpressionError::BadArgument(
                "default takes a quoted text: | default: \"there\".".into(),
            )
        }),
        (FilterName::Default, None) => Err(ExpressionError::BadArgument(
            "default takes a quoted text: | default: \"there\".".into(),
        )),
        (
            FilterName::Lower | FilterName::Upper | FilterName::Trim | FilterName::Urlencode,
            Some(_),
        ) => Err(ExpressionError::BadArgument(format!(
            "{} takes no argument.",
            name.as_str()
        ))),
        (FilterName::Lower, None) => Ok(Filter::Lower),
        (FilterName::Upper, None) => Ok(Filter::Upper),
        (FilterName::Trim, None) => Ok(Filter::Trim),
        (FilterName::Urlencode, None) => Ok(Filter::Urlencode),
    }
}

impl Expression {
    /// Parses the text inside `{{…}}`.
    pub fn parse(text: &str) -> Result<Expression, ExpressionError> {
        let mut parts = split_outside_quotes(text, '|').into_iter();
        let source = parse_source(parts.next().unwrap_or_default())?;
        let filters = parts.map(parse_filter).collect::<Result<Vec<_>, _>>()?;
        Ok(Expression { source, filters })
    }

    /// The value as text, after the filters; `None` when there is none.
    pub fn text(&self, values: &VariableValues) -> Option<String> {
        let value = values.text(&self.source.name());
        self.filters
            .iter()
            .fold(value, |value, filter| filter.apply(value))
    }

    /// The value as JSON, for an unquoted body slot: the variable's own value when there is no
    /// filter, otherwise the filtered text.
    pub fn json(&self, values: &VariableValues) -> Option<Value> {
        if self.filters.is_empty() {
            values.get(&self.source.name()).cloned()
        } else {
            self.text(values).map(Value::String)
        }
    }
}

/// What is wrong with the placeholders of `text`, each problem once, in order of appearance.
pub fn problems_in(text: &str) -> Vec<ExpressionError> {
    let mut problems: Vec<ExpressionError> = Vec::new();
    for p in placeholders(text) {
        if let Err(e) = Expression::parse(&p.name)
            && !problems.contains(&e)
        {
            problems.push(e);
        }
    }
    problems
}

/// What the agent is told when the placeholder `{{name}}` has no value and the call cannot be
/// made without it.
pub fn needed_reason(name: &str) -> String {
    Expression::parse(name).map_or_else(|_| format!("Needs {name}"), |e| e.source.missing_reason())
}

#[cfg(test)]
mod tests;

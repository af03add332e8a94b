//! Building an integration's HTTP request from its templates and one run's variable values, by
//! context (docs/OUTBOUND.md): a value is one percent-encoded path segment, one query value, one header
//! value without line breaks, or one JSON value inside the parsed body — never text that could
//! change the request's structure. Filters (`| trim`) run before that escaping.
//!
//! Two rules decide whether the call is made at all: a variable of the URL without a value skips
//! it, and so does the email rule ([`email_rule`]): a request that uses `{{contact.email}}` in
//! any slot runs only for a contact with a valid email address.

use super::expression::{Expression, Source, VALUE, needed_reason};
use super::variables::{
    Variable, VariableValues, closing, find_outside, placeholders, split_outside,
};
use crate::validation::EmailAddress;
use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

/// What an integration's request is made of, as the admin typed it.
#[derive(Debug, Clone, Copy)]
pub struct RequestTemplate<'a> {
    /// Endpoint URL; variables allowed in the path and query only.
    pub url: &'a str,
    /// Header names and value templates.
    pub headers: &'a [(String, String)],
    /// Extra query parameters (name and value templates, unencoded).
    pub query: &'a [(String, String)],
    /// JSON body template, for methods with a body.
    pub body: Option<&'a str>,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRequest {
    /// The full URL, every inserted value encoded.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Option<Value>,
}

/// The outcome of resolving: a request, or a skip with the reason the agent sees.
#[derive(Debug, Clone, PartialEq)]
pub enum Prepared {
    /// Send this.
    Ready(ResolvedRequest),
    /// Do not call: a URL variable has no value (e.g. "Needs the contact's email").
    Skipped {
        /// What is missing, in the agent's words.
        reason: String,
    },
}

/// A template that cannot become a request; `field` names where (`url`, `headers.N.value`, `body`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The form field at fault.
    pub field: String,
    /// What is wrong (never a variable's value: it may be secret).
    pub message: String,
}

impl TemplateError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// `text` with each placeholder replaced by `insert(name)`; `None` from `insert` stops with that
/// name (the first variable without a value).
fn substitute(
    text: &str,
    mut insert: impl FnMut(&str) -> Option<String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in placeholders(text) {
        out.push_str(&text[last..p.span.start]);
        out.push_str(&insert(&p.name).ok_or(p.name)?);
        last = p.span.end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// The text of the placeholder `{{name}}`, after its filters; `None` without a value (or for
/// text that is not an expression, which the save refuses).
fn text_of(values: &VariableValues, name: &str) -> Option<String> {
    Expression::parse(name).ok()?.text(values)
}

/// A URL value, encoded. Visitor context (IP, page, browser) is sent along when known and left
/// empty otherwise, as chat widgets do; any other variable without a value skips the call.
fn encoded(values: &VariableValues, name: &str) -> Option<String> {
    match text_of(values, name) {
        Some(v) => Some(utf8_percent_encode(&v, VALUE).to_string()),
        None if name.starts_with("visitor.") => Some(String::new()),
        None => None,
    }
}

/// Every placeholder's expression in the request's slots: URL, query table, headers, body.
fn expressions<'a>(template: &'a RequestTemplate<'_>) -> impl Iterator<Item = Expression> + 'a {
    let texts = std::iter::once(template.url)
        .chain(
            template
                .query
                .iter()
                .flat_map(|(n, v)| [n.as_str(), v.as_str()]),
        )
        .chain(template.headers.iter().map(|(_, v)| v.as_str()))
        .chain(template.body);
    texts
        .flat_map(placeholders)
        .filter_map(|p| Expression::parse(&p.name).ok())
}

/// The email rule (the get-contact reference: "called only when the visitor has a valid
/// email"): a request that uses `{{contact.email}}` anywhere is made only when the contact's
/// email is a valid address; otherwise the reason the card shows ("No email for this contact
/// yet"). One rule for the runner, the Testing tab and the card's explanation.
pub fn email_rule(template: &RequestTemplate<'_>, values: &VariableValues) -> Result<(), String> {
    let email = Source::Fixed(Variable::ContactEmail);
    if !expressions(template).any(|e| e.source == email) {
        return Ok(());
    }
    match values.text(Variable::ContactEmail.as_str()) {
        Some(address) if EmailAddress::parse("email", &address).is_ok() => Ok(()),
        Some(_) | None => Err(Variable::ContactEmail.missing_reason().to_string()),
    }
}

/// Splits a URL template into `scheme://authority`, path, and query (the fragment is dropped);
/// a `/`, `?`, `&` or `#` inside a placeholder belongs to it.
pub fn split_url(url: &str) -> Option<(&str, &str, Option<&str>)> {
    let url = url.trim();
    let without_fragment = find_outside(url, &['#']).map_or(url, |i| &url[..i]);
    let after_scheme = without_fragment.find("://")? + 3;
    let path_start = find_outside(&without_fragment[after_scheme..], &['/', '?'])
        .map_or(without_fragment.len(), |i| i + after_scheme);
    let origin = &without_fragment[..path_start];
    let rest = &without_fragment[path_start..];
    let (path, query) = match find_outside(rest, &['?']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    Some((origin, path, query))
}

fn resolve_url(
    template: &RequestTemplate<'_>,
    values: &VariableValues,
) -> Result<Result<String, String>, TemplateError> {
    let Some((origin, path, query)) = split_url(template.url) else {
        return Err(TemplateError::new(
            "url",
            "Use a full http:// or https:// URL.",
        ));
    };
    if !placeholders(origin).is_empty() {
        return Err(TemplateError::new(
            "url",
            "Variables can be used in the URL's path and query, not in its host.",
        ));
    }
    let mut url = origin.to_string();
    for (i, segment) in split_outside(path, '/').into_iter().enumerate() {
        if i > 0 {
            url.push('/');
        }
        let filled = match substitute(segment, |name| encoded(values, name)) {
            Ok(s) => s,
            Err(missing) => return Ok(Err(missing)),
        };
        // Values alone must never make a `.` or `..` segment, which would climb the path; URL
        // parsers read `%2E` as a dot too, so no encoding is safe and the request is not sent.
        if matches!(filled.as_str(), "." | "..") && filled != segment {
            return Err(TemplateError::new(
                "url",
                "A value would make a \".\" or \"..\" segment of the URL's path; the request was not sent.",
            ));
        }
        url.push_str(&filled);
    }
    let mut pairs: Vec<String> = Vec::new();
    for pair in split_outside(query.unwrap_or_default(), '&')
        .into_iter()
        .filter(|p| !p.is_empty())
    {
        match substitute(pair, |name| encoded(values, name)) {
            Ok(s) => pairs.push(s),
            Err(missing) => return Ok(Err(missing)),
        }
    }
    for (name, value) in template.query {
        let text = |t: &str| substitute(t, |n| text_of(values, n).or_else(|| Some(String::new())));
        let (Ok(name), Ok(value)) = (text(name), text(value)) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        pairs.push(format!(
            "{}={}",
            utf8_percent_encode(&name, VALUE),
            utf8_percent_encode(&value, VALUE)
        ));
    }
    if !pairs.is_empty() {
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    Ok(Ok(url))
}

/// Resolves `template` with `values`. The email rule and a URL variable without a value skip
/// the call; header and body variables without one become empty text (`null` where the
/// placeholder stands unquoted). An unquoted body placeholder whose value is a list or an object
/// stops the request.
pub fn resolve(
    template: &RequestTemplate<'_>,
    values: &VariableValues,
) -> Result<Prepared, TemplateError> {
    if let Err(reason) = email_rule(template, values) {
        return Ok(Prepared::Skipped { reason });
    }
    let url = match resolve_url(template, values)? {
        Ok(url) => url,
        Err(missing) => {
            return Ok(Prepared::Skipped {
                reason: needed_reason(&missing),
            });
        }
    };
    let mut headers = Vec::with_capacity(template.headers.len());
    for (i, (name, value)) in template.headers.iter().enumerate() {
        let filled = substitute(value, |n| {
            text_of(values, n).or_else(|| Some(String::new()))
        })
        .unwrap_or_default();
        if filled.contains(['\r', '\n', '\0']) {
            return Err(TemplateError::new(
                format!("headers.{i}.value"),
                format!("The {name} header would contain a line break; the request was not sent."),
            ));
        }
        headers.push((name.clone(), filled));
    }
    let body = match template.body.filter(|b| !b.trim().is_empty()) {
        Some(text) => Some(resolve_body(text, values)?),
        None => None,
    };
    Ok(Prepared::Ready(ResolvedRequest { url, headers, body }))
}

/// Marks where an unquoted placeholder stood; cannot occur in parsed admin text, which has no NUL
/// characters outside escapes we write ourselves.
const SLOT: &str = "\u{0}chatlane-slot:";

/// Parses a body template: unquoted `{{name}}` become typed slots, the rest must be JSON.
pub fn parse_body(text: &str) -> Result<Value, TemplateError> {
    let mut json = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{")
            && let Some(close) = closing(&rest[2..]).map(|i| i + 2)
        {
            if in_string {
                // Inside a JSON string the placeholder is written as in the URL
                // (`"{{contact.attributes["Company Name"]}}"`): its quotes are its own.
                let placeholder = Value::String(rest[..close + 2].to_string()).to_string();
                json.push_str(&placeholder[1..placeholder.len() - 1]);
            } else {
                let name = rest[2..close].trim();
                json.push_str(&Value::String(format!("{SLOT}{name}")).to_string());
            }
            rest = &rest[close + 2..];
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        json.push(c);
        rest = &rest[c.len_utf8()..];
    }
    serde_json::from_str(&json).map_err(|e| {
        TemplateError::new(
            "body",
            format!(
                "The body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )
    })
}

/// `value` with every placeholder filled in. An unquoted slot takes the variable's JSON value
/// only when it is a scalar: a list or an object would add elements or keys to the request's
/// structure, so it stops the request instead.
fn fill(value: Value, values: &VariableValues) -> Result<Value, TemplateError> {
    Ok(match value {
        Value::String(s) => match s.strip_prefix(SLOT) {
            Some(name) => match Expression::parse(name).ok().and_then(|e| e.json(values)) {
                None => Value::Null,
                Some(Value::Array(_) | Value::Object(_)) => {
                    return Err(TemplateError::new(
                        "body",
                        format!(
                            "{{{{{name}}}}} holds a list or an object; an unquoted placeholder takes text, a number, true/false or null. The request was not sent."
                        ),
                    ));
                }
                Some(
                    scalar @ (Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)),
                ) => scalar,
            },
            None => Value::String(
                substitute(&s, |n| text_of(values, n).or_else(|| Some(String::new()))).unwrap_or(s),
            ),
        },
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| fill(v, values))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| Ok((k, fill(v, values)?)))
                .collect::<Result<Map<String, Value>, TemplateError>>()?,
        ),
        other @ (Value::Null | Value::Bool(_) | Value::Number(_)) => other,
    })
}

/// The body template parsed once, with values inserted inside the tree (keys stay as typed).
pub fn resolve_body(text: &str, values: &VariableValues) -> Result<Value, TemplateError> {
    fill(parse_body(text)?, values)
}

//! Integration variables: `{{contact.email}}`-style placeholders and where they close, which
//! fixed names exist, what a missing one means for the agent ("No email for this contact yet"),
//! and the values of one run. What a placeholder may say is parsed by
//! [`Expression`](super::expression::Expression).

use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;

template::string_enum!(
    /// A fixed variable, by its name inside `{{…}}`, in the order the editor offers them: the one
    /// list the runner fills and the editor shows.
    pub enum Variable {
        /// The contact's id.
        ContactId => "contact.id",
        /// The contact's name.
        ContactName => "contact.name",
        /// The contact's email.
        ContactEmail => "contact.email",
        /// The contact's phone number.
        ContactPhoneNumber => "contact.phone_number",
        /// The conversation's id.
        ConversationId => "conversation.id",
        /// The conversation's UUID.
        ConversationUuid => "conversation.uuid",
        /// The conversation's subject.
        ConversationSubject => "conversation.subject",
        /// The inbox's id.
        InboxId => "inbox.id",
        /// The inbox's name.
        InboxName => "inbox.name",
        /// The visitor's IP address.
        VisitorIp => "visitor.ip",
        /// The page the visitor was on.
        VisitorPageUrl => "visitor.page_url",
        /// The page that led the visitor there.
        VisitorReferrer => "visitor.referrer",
        /// The visitor's browser.
        VisitorUserAgent => "visitor.user_agent",
        /// Where the visitor was.
        VisitorLocation => "visitor.location",
    }
);

impl Variable {
    /// What the agent is told when it has no value and the integration cannot run without it.
    pub fn missing_reason(self) -> &'static str {
        match self {
            Variable::ContactId => "Needs a contact",
            Variable::ContactName => "Needs the contact's name",
            Variable::ContactEmail => "No email for this contact yet",
            Variable::ContactPhoneNumber => "Needs the contact's phone number",
            Variable::ConversationId | Variable::ConversationUuid => "Needs a conversation",
            Variable::ConversationSubject => "Needs the conversation's subject",
            Variable::InboxId | Variable::InboxName => "Needs an inbox",
            Variable::VisitorIp => "Needs the visitor's IP address",
            Variable::VisitorPageUrl => "Needs the visitor's page URL",
            Variable::VisitorReferrer => "Needs the page that referred the visitor",
            Variable::VisitorUserAgent => "Needs the visitor's browser (user agent)",
            Variable::VisitorLocation => "Needs the visitor's location",
        }
    }
}

/// The canonical name of the contact attribute `key`: `contact.attributes.plan`, or for a key
/// that is not letters, digits, `_` and `-`, `contact.attributes["Company Name"]`.
pub fn attribute_name(key: &str) -> String {
    if simple_key(key) {
        format!("{ATTRIBUTE_PREFIX}{key}")
    } else {
        let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{}[\"{escaped}\"]", ATTRIBUTE_PREFIX.trim_end_matches('.'))
    }
}

/// A key that may be written after a dot: letters, digits, `_` and `-`.
pub(super) fn simple_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The prefix of contact attribute variables: `contact.attributes.KEY`.
pub const ATTRIBUTE_PREFIX: &str = "contact.attributes.";

/// One `{{name}}` in a text: where it is (braces included) and the trimmed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of `{{…}}` in the text.
    pub span: Range<usize>,
    /// The variable name, without braces and surrounding spaces.
    pub name: String,
}

/// The characters of `text` that stand outside `"…"` and `'…'` quotes (a quote's own marks
/// included, `\` escaping inside them), with their byte index.
pub(super) fn outside_quotes(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| match quote {
        Some(_) if escaped => {
            escaped = false;
            false
        }
        Some(_) if c == '\\' => {
            escaped = true;
            false
        }
        Some(q) if c == q => {
            quote = None;
            false
        }
        Some(_) => false,
        None if c == '"' || c == '\'' => {
            quote = Some(c);
            false
        }
        None => true,
    })
}

/// Where the `}}` closing a placeholder whose inside starts `text` is: the first one outside
/// quotes (so `["a }} key"]` is one key), or when a quote never closes, the first one.
pub(super) fn closing(text: &str) -> Option<usize> {
    outside_quotes(text)
        .map(|(i, _)| i)
        .find(|&i| text[i..].starts_with("}}"))
        .or_else(|| text.find("}}"))
}

/// Every `{{…}}` in `text`, in order. Text without a closing `}}` is literal.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = closing(&text[open + 2..]).map(|i| i + open + 2) else {
            break;
        };
        found.push(Placeholder {
            span: open..close + 2,
            name: text[open + 2..close].trim().to_string(),
        });
        from = close + 2;
    }
    found
}

/// The characters of `text` that stand outside every placeholder, with their byte index (a `/`
/// or `?` inside `{{… | default: "a/b?"}}` belongs to the placeholder); the placeholders are
/// found once.
fn outside_placeholders(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let spans = placeholders(text);
    text.char_indices()
        .filter(move |(i, _)| !spans.iter().any(|p| p.span.contains(i)))
}

/// The first byte index of one of `chars` in `text` outside every placeholder.
pub(super) fn find_outside(text: &str, chars: &[char]) -> Option<usize> {
    outside_placeholders(text)
        .find(|(_, c)| chars.contains(c))
        .map(|(i, _)| i)
}

/// `text` split at every `separator` outside placeholders.
pub(super) fn split_outside(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in outside_placeholders(text).filter(|&(_, c)| c == separator) {
        parts.push(&text[start..i]);
        start = i + c.len_utf8();
    }
    parts.push(&text[start..]);
    parts
}

/// The values of one run, by variable name. Absent, `null` and empty text all mean "no value".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VariableValues(pub BTreeMap<String, Value>);

impl VariableValues {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `variable` (a `None` leaves it without a value).
    pub fn set(&mut self, variable: Variable, value: impl Into<Option<Value>>) -> &mut Self {
        if let Some(v) = value.into() {
            self.0.insert(variable.as_str().to_string(), v);
        }
        self
    }

    /// Sets the contact attribute `key` (any text), under its canonical name.
    pub fn set_attribute(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(attribute_name(key), value);
        self
    }

    /// The value of `name`, when it has one.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| match v {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            _ => true,
        })
    }

    /// The value as text: strings as they are, other JSON compactly; `None` without a value.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_found_with_spaces_trimmed_and_unclosed_braces_left_alone() {
        let found = placeholders("a{{contact.email}}b{{ inbox.id }}{{oops");
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["contact.email", "inbox.id"]);
        assert_eq!(found[0].span, 1..18);
    }

    #[test]
    fn a_quoted_key_may_hold_braces_and_an_unclosed_quote_falls_back_to_the_first_braces() {
        let names = |text: &str| -> Vec<String> {
            placeholders(text).into_iter().map(|p| p.name).collect()
        };
        assert_eq!(
            names(r#"{{contact.attributes["a }} b"]}}!"#),
            [r#"contact.attributes["a }} b"]"#]
        );
        assert_eq!(
            names("{{contact.name's}} {{inbox.id}}"),
            ["contact.name's", "inbox.id"]
        );
    }

    #[test]
    fn empty_text_and_null_are_no_value_and_reasons_name_what_is_missing() {
        let mut values = VariableValues::new();
        values
            .set(Variable::ContactEmail, json!(""))
            .set(Variable::ContactName, json!(null))
            .set(Variable::ContactId, json!(7));
        assert_eq!(values.get("contact.email"), None);
        assert_eq!(values.text("contact.name"), None);
        assert_eq!(values.text("contact.id").as_deref(), Some("7"));
    }
}

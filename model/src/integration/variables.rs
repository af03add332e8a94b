//! Integration variables: `{{contact.email}}`-style placeholders, which names exist, what a
//! missing one means for the agent ("Needs the contact's email"), and the values of one run.

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
        /// The visitor's browser.
        VisitorUserAgent => "visitor.user_agent",
    }
);

impl Variable {
    /// What the agent is told when it has no value and the integration cannot run without it.
    pub fn missing_reason(self) -> &'static str {
        match self {
            Variable::ContactId => "Needs a contact",
            Variable::ContactName => "Needs the contact's name",
            Variable::ContactEmail => "Needs the contact's email",
            Variable::ContactPhoneNumber => "Needs the contact's phone number",
            Variable::ConversationId | Variable::ConversationUuid => "Needs a conversation",
            Variable::ConversationSubject => "Needs the conversation's subject",
            Variable::InboxId | Variable::InboxName => "Needs an inbox",
            Variable::VisitorIp => "Needs the visitor's IP address",
            Variable::VisitorPageUrl => "Needs the visitor's page URL",
            Variable::VisitorUserAgent => "Needs the visitor's browser (user agent)",
        }
    }
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

/// Every `{{…}}` in `text`, in order. Text without a closing `}}` is literal.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open + 2..].find("}}").map(|i| i + open + 2) else {
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

/// Whether `name` is a variable integrations may use (names are case-sensitive).
pub fn is_known(name: &str) -> bool {
    name.parse::<Variable>().is_ok()
        || name.strip_prefix(ATTRIBUTE_PREFIX).is_some_and(|key| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The unknown variable names used in `text`, each once, in order of appearance.
pub fn unknown_in(text: &str) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    for p in placeholders(text) {
        if !is_known(&p.name) && !unknown.contains(&p.name) {
            unknown.push(p.name);
        }
    }
    unknown
}

/// What the agent is told when `name` has no value and the integration cannot run without it.
pub fn needed_reason(name: &str) -> String {
    if let Some(key) = name.strip_prefix(ATTRIBUTE_PREFIX) {
        return format!("Needs the contact's {key} attribute");
    }
    name.parse::<Variable>().map_or_else(
        |_| format!("Needs {name}"),
        |v| v.missing_reason().to_string(),
    )
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

    /// Sets the contact attribute `key` (`{{contact.attributes.KEY}}`).
    pub fn set_attribute(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(format!("{ATTRIBUTE_PREFIX}{key}"), value);
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
    fn only_documented_names_and_attribute_keys_are_known_case_sensitively() {
        assert!(is_known("contact.email"));
        assert!(is_known("visitor.page_url"));
        assert!(is_known("contact.attributes.plan_tier"));
        assert!(!is_known("Contact.email"));
        assert!(!is_known("contact.attributes."));
        assert!(!is_known("contact.attributes.a b"));
        assert_eq!(
            unknown_in("{{contact.emial}} {{contact.email}} {{contact.emial}} {{x}}"),
            ["contact.emial", "x"]
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
        assert_eq!(needed_reason("contact.email"), "Needs the contact's email");
        assert_eq!(
            needed_reason("contact.attributes.plan"),
            "Needs the contact's plan attribute"
        );
    }
}

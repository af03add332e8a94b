//! Contacts: the people conversations are with.

use crate::ConversationStatus;
use crate::visitor::Visitor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A contact as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactSummary {
    /// The contact's id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Email, when known.
    pub email: Option<String>,
    /// Phone in E.164, when known.
    pub phone: Option<String>,
}

/// One of the contact's conversations, as the profile sheet lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactConversation {
    /// Conversation id.
    pub id: i64,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: ConversationStatus,
    /// Last activity.
    pub last_message_at: Option<DateTime<Utc>>,
}

/// Everything the profile sheet shows about a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactProfile {
    /// Name, email and phone.
    pub contact: ContactSummary,
    /// Custom attributes as `(key, value)` pairs in key order; values are shown as text.
    pub custom_attributes: Vec<(String, serde_json::Value)>,
    /// Their last visit.
    pub visitor: Visitor,
    /// When the contact was created.
    pub created_at: DateTime<Utc>,
    /// The most recent conversations, newest first.
    pub recent_conversations: Vec<ContactConversation>,
}

/// Renders a custom attribute's JSON value as the text a person reads (strings unquoted, arrays joined).
pub fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(attribute_text)
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Object(_) => value.to_string(),
    }
}

/// Turns an attribute key into a label (`support_tier` → `Support tier`).
pub fn humanize_key(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_read_as_text() {
        assert_eq!(attribute_text(&json!("gold")), "gold");
        assert_eq!(attribute_text(&json!(true)), "Yes");
        assert_eq!(
            attribute_text(&json!(["vip", "beta-user"])),
            "vip, beta-user"
        );
        assert_eq!(attribute_text(&json!(2850.5)), "2850.5");
        assert_eq!(humanize_key("support_tier"), "Support tier");
    }
}

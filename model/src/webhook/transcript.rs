//! The `conversation.transcript` payload, shaped like the transcript webhooks our users already
//! receive (camelCase keys, `textBody`, `htmlBody`, `messages` with `isVisitorMsg`,
//! `replyToEmail`): a readable plain-text transcript and a minimal HTML one in which everything
//! that came from people is escaped.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use template::html::escape as escape_html;

/// The inbox a conversation is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptInbox {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
}

/// One message of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptMessage {
    /// What was written.
    pub text: String,
    /// When (RFC 3339).
    pub sent_at: String,
    /// Who wrote it.
    pub username: String,
    /// The sender's id (`contact:12`, `user:3`), empty when unknown.
    pub user_id: String,
    /// The message type (email, note, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the contact (the visitor) wrote it.
    pub is_visitor_msg: bool,
}

/// The contact the conversation is with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptContact {
    /// Its id.
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Email, when known.
    pub email: Option<String>,
    /// Phone, when known.
    pub phone: Option<String>,
    /// Custom attributes.
    pub custom_attributes: Value,
}

/// What is known about the visitor's browser.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptVisitor {
    /// IP address.
    #[serde(rename = "IPAddress")]
    pub ip_address: Option<String>,
    /// The page they were on.
    pub current_page: Option<String>,
    /// The page that led them there.
    #[serde(rename = "referrerURL")]
    pub referrer_url: Option<String>,
    /// Their browser.
    pub user_agent: Option<String>,
    /// Where they were, if known.
    pub location: Option<String>,
}

/// The transcript payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transcript {
    /// The conversation's id.
    pub conversation_id: i64,
    /// Its uuid.
    #[serde(rename = "conversationUUID")]
    pub conversation_uuid: String,
    /// Its inbox.
    pub inbox: TranscriptInbox,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: String,
    /// Tag names.
    pub tags: Vec<String>,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it ended (closed), if it has.
    pub ended_at: Option<String>,
    /// The assigned agent's name.
    pub agent_name: Option<String>,
    /// The assigned agent's email.
    pub agent_email: Option<String>,
    /// A readable plain-text transcript.
    pub text_body: String,
    /// A minimal HTML transcript (all text escaped).
    pub html_body: String,
    /// The messages, oldest first.
    pub messages: Vec<TranscriptMessage>,
    /// The contact.
    pub contact: TranscriptContact,
    /// The visitor's browser.
    pub visitor: TranscriptVisitor,
    /// Where a reply should go: the contact's email when known.
    pub reply_to_email: Option<String>,
}

/// RFC 3339 with `Z`, as every timestamp Chatlane sends.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Transcript {
    /// Fills `textBody` and `htmlBody` from the messages (and `replyToEmail` from the contact).
    pub fn with_bodies(mut self) -> Self {
        let mut text = format!("Conversation: {}\n", self.subject);
        let mut html = format!("<html><body><h1>{}</h1>", escape_html(&self.subject));
        for m in &self.messages {
            text.push_str(&format!("\n[{}] {}: {}\n", m.sent_at, m.username, m.text));
            html.push_str(&format!(
                "<p class=\"{}\"><strong>{}</strong> <time datetime=\"{}\">{}</time><br>{}</p>",
                if m.is_visitor_msg { "visitor" } else { "agent" },
                escape_html(&m.username),
                escape_html(&m.sent_at),
                escape_html(&m.sent_at),
                escape_html(&m.text).replace('\n', "<br>"),
            ));
        }
        html.push_str("</body></html>");
        self.text_body = text;
        self.html_body = html;
        self.reply_to_email = self.contact.email.clone().filter(|e| !e.is_empty());
        self
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A closed conversation of two messages, the first from the visitor saying `text`.
    pub(crate) fn transcript(text: &str) -> Transcript {
        Transcript {
            conversation_id: 7,
            conversation_uuid: "e3d1800d-2d9e-4966-4500-9ff986cfa197".into(),
            inbox: TranscriptInbox {
                id: 1,
                name: "Support".into(),
                kind: "email".into(),
            },
            subject: "Order <b>late</b>".into(),
            status: "closed".into(),
            tags: vec!["vip".into()],
            started_at: "2026-12-01T10:00:00Z".into(),
            ended_at: Some("2026-12-01T10:30:00Z".into()),
            agent_name: Some("Some One".into()),
            agent_email: Some("agent@example.com".into()),
            text_body: String::new(),
            html_body: String::new(),
            messages: vec![
                TranscriptMessage {
                    text: text.into(),
                    sent_at: "2026-12-01T10:00:00Z".into(),
                    username: "Sam".into(),
                    user_id: "contact:3".into(),
                    kind: "email".into(),
                    is_visitor_msg: true,
                },
                TranscriptMessage {
                    text: "Great, thanks for letting us know!".into(),
                    sent_at: "2026-12-01T10:01:00Z".into(),
                    username: "Some One".into(),
                    user_id: "user:2".into(),
                    kind: "email".into(),
                    is_visitor_msg: false,
                },
            ],
            contact: TranscriptContact {
                id: Some(3),
                name: "Sam".into(),
                email: Some("sam@example.com".into()),
                phone: None,
                custom_attributes: serde_json::json!({"plan": "Premium"}),
            },
            visitor: TranscriptVisitor::default(),
            reply_to_email: None,
        }
        .with_bodies()
    }

    #[test]
    fn the_bodies_read_as_a_conversation_and_the_html_escapes_everything() {
        let t = transcript("Hi! <script>alert(1)</script> & \"quotes\"");
        assert!(t.text_body.contains("Sam: Hi! <script>alert(1)</script>"));
        assert!(t.text_body.contains("Some One: Great, thanks"));
        assert!(!t.html_body.contains("<script>"));
        assert!(!t.html_body.contains("<b>"));
        assert!(
            t.html_body
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        );
        assert_eq!(t.reply_to_email.as_deref(), Some("sam@example.com"));
    }

    #[test]
    fn keys_are_the_ones_receivers_know() {
        let v = serde_json::to_value(transcript("Hi")).unwrap_or_default();
        for key in [
            "conversationUUID",
            "startedAt",
            "endedAt",
            "agentName",
            "agentEmail",
            "textBody",
            "htmlBody",
            "messages",
            "replyToEmail",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["messages"][0]["isVisitorMsg"], true);
        assert_eq!(v["messages"][0]["sentAt"], "2026-12-01T10:00:00Z");
        assert_eq!(v["visitor"].get("IPAddress"), Some(&Value::Null));
        assert_eq!(v["contact"]["customAttributes"]["plan"], "Premium");
    }
}

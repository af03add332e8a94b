//! The `chatlio` payload format: a transcript in Chatlio's own JSON, field for field, so a
//! receiver written for Chatlio's "send-to-webhook" keeps working when a team moves to Chatlane.
//!
//! Invariants: every field of Chatlio's documented sample is present with the sample's JSON type
//! (a string where Chatlane has no value is `""`, an array `[]`, an object `{}`), and
//! `slackTeamID` is `null` (there is no Slack team). Built from the [`Transcript`], so what it
//! leaves out (internal notes, unless the webhook opted in) is left out here too.

use super::transcript::Transcript;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the transcript alone does not carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatlioContext {
    /// The conversation in the inbox (`archiveUrl`); empty when the server has no public URL.
    pub archive_url: String,
    /// When the contact was created (`visitor.createdAt`, RFC 3339).
    pub visitor_created_at: Option<String>,
}

/// One message, as Chatlio sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatlioMessage {
    /// What was written.
    pub text: String,
    /// Seconds since the epoch with six decimals, like a Slack `ts` (`"1469725409.000005"`).
    pub ts: String,
    /// When (RFC 3339).
    pub sent_at: String,
    /// The team member who wrote it (`user:3`); empty for the visitor, as in Chatlio.
    pub user_id: String,
    /// Who wrote it.
    pub username: String,
    /// Whether the visitor wrote it.
    pub is_visitor_msg: bool,
}

/// The visitor block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatlioVisitor {
    /// Email, or empty.
    pub email: String,
    /// The contact's id as text (stable per contact), or empty.
    #[serde(rename = "UUID")]
    pub uuid: String,
    /// Name.
    pub name: String,
    /// The site's own user id: Chatlane has none, so empty.
    pub ident_user_id: String,
    /// The site's identify traits, as text: empty.
    pub ident_traits: String,
    /// The browser.
    pub user_agent: String,
    /// A handle: the contact's name.
    pub handle: String,
    /// The page they were on.
    pub current_page: String,
    /// The page that led them there.
    #[serde(rename = "referrerURL")]
    pub referrer_url: String,
    /// When the contact was created.
    pub created_at: String,
    /// IP address.
    #[serde(rename = "IPAddress")]
    pub ip_address: String,
    /// Where they were.
    pub location: String,
}

/// The whole payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatlioTranscript {
    /// The assigned agent's email, or empty.
    pub agent_email: String,
    /// The assigned agent's name, or empty.
    pub agent_name: String,
    /// The conversation in the inbox.
    pub archive_url: String,
    /// Extra data a site attached to the chat: Chatlane has none, so empty.
    pub extra_data: Vec<String>,
    /// The inbox's id, as text (Chatlio's Slack channel).
    pub channel_id: String,
    /// The inbox's name.
    pub channel_name: String,
    /// The conversation's uuid.
    #[serde(rename = "conversationUUID")]
    pub conversation_uuid: String,
    /// When it ended (closed), or empty.
    pub ended_at: String,
    /// The HTML transcript (everything from people escaped).
    pub html_body: String,
    /// The plain-text transcript.
    pub text_body: String,
    /// The messages, oldest first.
    pub messages: Vec<ChatlioMessage>,
    /// When it started.
    pub started_at: String,
    /// The contact's email, or empty.
    pub visitor_email: String,
    /// Where a reply goes: the contact's email, or empty.
    pub reply_to_email: String,
    /// The contact's name.
    pub visitor_name: String,
    /// The contact's custom attributes (an object).
    pub visitor_traits: Value,
    /// The visitor.
    pub visitor: ChatlioVisitor,
    /// Always null: there is no Slack team.
    #[serde(rename = "slackTeamID")]
    pub slack_team_id: Option<String>,
}

/// `1469725409.000005` for an RFC 3339 time; empty when it is not one.
fn slack_ts(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|at| format!("{}.{:06}", at.timestamp(), at.timestamp_subsec_micros()))
        .unwrap_or_default()
}

impl ChatlioTranscript {
    /// Chatlio's shape of `transcript` (with its bodies filled).
    pub fn new(transcript: &Transcript, context: ChatlioContext) -> Self {
        let t = transcript;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let email = text(&t.contact.email);
        let traits = match &t.contact.custom_attributes {
            Value::Object(map) => Value::Object(map.clone()),
            _ => Value::Object(Default::default()),
        };
        ChatlioTranscript {
            agent_email: text(&t.agent_email),
            agent_name: text(&t.agent_name),
            archive_url: context.archive_url,
            extra_data: Vec::new(),
            channel_id: t.inbox.id.to_string(),
            channel_name: t.inbox.name.clone(),
            conversation_uuid: t.conversation_uuid.clone(),
            ended_at: text(&t.ended_at),
            html_body: t.html_body.clone(),
            text_body: t.text_body.clone(),
            messages: t
                .messages
                .iter()
                .map(|m| ChatlioMessage {
                    text: m.text.clone(),
                    ts: slack_ts(&m.sent_at),
                    sent_at: m.sent_at.clone(),
                    user_id: if m.is_visitor_msg {
                        String::new()
                    } else {
                        m.user_id.clone()
                    },
                    username: m.username.clone(),
                    is_visitor_msg: m.is_visitor_msg,
                })
                .collect(),
            started_at: t.started_at.clone(),
            visitor_email: email.clone(),
            reply_to_email: text(&t.reply_to_email),
            visitor_name: t.contact.name.clone(),
            visitor_traits: traits,
            visitor: ChatlioVisitor {
                email,
                uuid: t.contact.id.map(|id| id.to_string()).unwrap_or_default(),
                name: t.contact.name.clone(),
                ident_user_id: String::new(),
                ident_traits: String::new(),
                user_agent: text(&t.visitor.user_agent),
                handle: t.contact.name.clone(),
                current_page: text(&t.visitor.current_page),
                referrer_url: text(&t.visitor.referrer_url),
                created_at: context.visitor_created_at.unwrap_or_default(),
                ip_address: text(&t.visitor.ip_address),
                location: text(&t.visitor.location),
            },
            slack_team_id: None,
        }
    }
}

#[cfg(test)]
mod tests;

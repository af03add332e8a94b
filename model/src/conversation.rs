//! Inboxes, conversations and messages as the agent inbox shows them.

use crate::contact::ContactSummary;
use crate::{ConversationStatus, InboxType, MessageType, SenderType};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An inbox in the sidebar, with its unread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxSummary {
    /// Inbox id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind of inbox.
    pub inbox_type: InboxType,
    /// Open (not archived) conversations not yet read.
    pub unread: u64,
}

/// A tag on a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagView {
    /// Tag id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Color as `#rrggbb`.
    pub color: String,
}

/// A row in the conversation list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationListItem {
    /// Conversation id.
    pub id: i64,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: ConversationStatus,
    /// Whether an agent has read it since the last inbound message.
    pub is_read: bool,
    /// Starred.
    pub is_starred: bool,
    /// Inbox name.
    pub inbox_name: String,
    /// Contact's name, if any.
    pub contact_name: Option<String>,
    /// The start of the latest message.
    pub preview: Option<String>,
    /// Last activity.
    pub last_message_at: Option<DateTime<Utc>>,
}

/// Filters for the conversation list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationFilter {
    /// Only this inbox.
    pub inbox_id: Option<i64>,
    /// Only this status.
    pub status: Option<ConversationStatus>,
    /// 1-based page.
    pub page: u64,
}

/// A message in the thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// Message id.
    pub id: i64,
    /// Body text.
    pub body: String,
    /// Type (notes are internal).
    pub message_type: MessageType,
    /// Who wrote it.
    pub sender_type: SenderType,
    /// The sender's display name.
    pub sender_name: String,
    /// Draft messages are not sent.
    pub is_draft: bool,
    /// `draft`, `sending`, `sent`, `failed`, when it travels.
    pub delivery_status: Option<String>,
    /// Why the last delivery attempt failed.
    pub delivery_error: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A conversation with its thread, as the conversation view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationDetail {
    /// Conversation id.
    pub id: i64,
    /// Public identifier.
    pub uuid: String,
    /// Subject.
    pub subject: String,
    /// Status.
    pub status: ConversationStatus,
    /// Starred.
    pub is_starred: bool,
    /// Inbox id and name.
    pub inbox_id: i64,
    /// Inbox name.
    pub inbox_name: String,
    /// The contact, if any.
    pub contact: Option<ContactSummary>,
    /// The assignee's name, if any.
    pub assignee_name: Option<String>,
    /// Tags.
    pub tags: Vec<TagView>,
    /// Message types the composer offers: email when a channel can send it, and notes.
    pub reply_types: Vec<MessageType>,
    /// The inbox has an Email channel that is switched off or not connected to a driver.
    pub email_unconnected: bool,
    /// The thread, oldest first.
    pub messages: Vec<MessageView>,
    /// The latest visit sent with the conversation, else its contact's last (may be empty).
    pub visitor: crate::visitor::Visitor,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// The first `max` characters of `body` on one line, with an ellipsis when cut.
pub fn preview_text(body: &str, max: usize) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_is_one_line_and_cut_with_an_ellipsis() {
        assert_eq!(preview_text("Hi\n\nthere  you", 100), "Hi there you");
        assert_eq!(preview_text("abcdef", 3), "abc…");
    }
}

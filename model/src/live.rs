//! What the inbox does with a live event: the pure rules behind "this list, this conversation,
//! this profile sheet should look again". The browser parses each SSE `data:` line into a
//! [`LiveEvent`] and asks it what it touches; nothing here reads the DOM or the network.

use crate::event::{Envelope, EventData};
use serde_json::Value;

/// The `type` of a reset on the browser's stream.
pub const RESET: &str = "reset";

/// One event of the team's stream (an [`Envelope`]), or a reset.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// A change.
    Change {
        /// Its id in the team's log (what a reconnect resumes after).
        id: i64,
        /// What happened, as recorded.
        event: EventData,
    },
    /// Events were missed: reload everything shown.
    Reset,
}

impl LiveEvent {
    /// Parses an SSE `data:` line; `None` for a line that is not an event this inbox knows (a
    /// newer server's event type is ignored, not an error).
    pub fn parse(json: &str) -> Option<LiveEvent> {
        let v: Value = serde_json::from_str(json).ok()?;
        if v.get("type").and_then(Value::as_str) == Some(RESET) {
            return Some(LiveEvent::Reset);
        }
        let envelope: Envelope = serde_json::from_value(v).ok()?;
        Some(LiveEvent::Change {
            id: envelope.id?,
            event: envelope.body,
        })
    }

    /// Whether conversation lists and unread counts may have changed.
    pub fn touches_lists(&self) -> bool {
        match self {
            LiveEvent::Reset => true,
            LiveEvent::Change { event, .. } => match event {
                EventData::ConversationCreated(_)
                | EventData::ConversationStatusChanged(_)
                | EventData::ConversationClosed(_)
                | EventData::ConversationUpdated(_)
                | EventData::MessageCreated(_) => true,
                // Names in the list come from contacts.
                EventData::ContactUpdated(_) => true,
                EventData::ContactCreated(_)
                | EventData::ConversationTranscript(_)
                | EventData::IntegrationHealthChanged(_) => false,
            },
        }
    }

    /// Whether conversation `id`, as shown open, may have changed.
    pub fn touches_conversation(&self, id: i64) -> bool {
        match self {
            LiveEvent::Reset => true,
            LiveEvent::Change { event, .. } => match event {
                EventData::MessageCreated(m) => m.conversation_id == id,
                EventData::ConversationCreated(r) | EventData::ConversationClosed(r) => r.id == id,
                EventData::ConversationStatusChanged(s) => s.id == id,
                EventData::ConversationUpdated(u) => u.id == id,
                EventData::ContactCreated(_)
                | EventData::ContactUpdated(_)
                | EventData::ConversationTranscript(_)
                | EventData::IntegrationHealthChanged(_) => false,
            },
        }
    }

    /// Whether an open conversation `id` with contact `contact_id` should look again: its own
    /// changes, and its contact's (the header shows the contact's name and email).
    pub fn touches_open_conversation(&self, id: i64, contact_id: Option<i64>) -> bool {
        self.touches_conversation(id)
            || matches!(
                (self, contact_id),
                (LiveEvent::Change { event: EventData::ContactUpdated(c), .. }, Some(contact))
                    if c.id == contact
            )
    }

    /// Whether contact `id`'s cards should run again: its email became known or changed, or
    /// events were missed (a reset: whatever the sheet shows may be stale).
    pub fn reruns_integrations_of(&self, id: i64) -> bool {
        match self {
            LiveEvent::Reset => true,
            LiveEvent::Change { .. } => self.changes_email_of(id),
        }
    }

    /// Whether contact `id`'s details may have changed.
    pub fn touches_contact(&self, id: i64) -> bool {
        match self {
            LiveEvent::Reset => true,
            LiveEvent::Change { event, .. } => match event {
                EventData::ContactCreated(r) => r.id == id,
                EventData::ContactUpdated(c) => c.id == id,
                EventData::ConversationCreated(_)
                | EventData::ConversationStatusChanged(_)
                | EventData::ConversationClosed(_)
                | EventData::ConversationUpdated(_)
                | EventData::MessageCreated(_)
                | EventData::ConversationTranscript(_)
                | EventData::IntegrationHealthChanged(_) => false,
            },
        }
    }

    /// Whether contact `id`'s email changed (its integrations should run again).
    pub fn changes_email_of(&self, id: i64) -> bool {
        matches!(
            self,
            LiveEvent::Change { event: EventData::ContactUpdated(c), .. }
                if c.id == id && c.email_changed
        )
    }

    /// The log id to resume after, for a change.
    pub fn id(&self) -> Option<i64> {
        match self {
            LiveEvent::Change { id, .. } => Some(*id),
            LiveEvent::Reset => None,
        }
    }
}

/// Where the browser's stream stands, for the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    /// Opening the stream.
    Connecting,
    /// Changes arrive as they happen.
    Live,
    /// The stream dropped; trying again.
    Reconnecting,
    /// The browser has no network.
    Offline,
}

impl Connection {
    /// The indicator's words.
    pub fn label(self) -> &'static str {
        match self {
            Connection::Connecting => "Connecting…",
            Connection::Live => "Live",
            Connection::Reconnecting => "Reconnecting…",
            Connection::Offline => "Offline",
        }
    }

    /// The `data-state` the indicator carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Connection::Connecting => "connecting",
            Connection::Live => "live",
            Connection::Reconnecting => "reconnecting",
            Connection::Offline => "offline",
        }
    }
}

/// The tab title with the unread count in front: `(3) Chatlane`.
pub fn tab_title(unread: u64, title: &str) -> String {
    if unread == 0 {
        title.to_string()
    } else {
        format!("({unread}) {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(conversation: i64) -> LiveEvent {
        LiveEvent::parse(&format!(
            r#"{{"id": 7, "type": "message.created", "timestamp": "2026-12-03T10:00:00Z", "data": {{"id": 70, "conversation_id": {conversation}, "message_type": "email", "sender_type": "contact"}}}}"#
        ))
        .expect("an event")
    }

    #[test]
    fn a_message_touches_its_conversation_and_the_lists_only() {
        let e = message(3);
        assert_eq!(e.id(), Some(7));
        assert!(e.touches_conversation(3));
        assert!(
            !e.touches_conversation(70),
            "the message id is not a conversation id"
        );
        assert!(e.touches_lists());
        assert!(!e.touches_contact(3));
    }

    #[test]
    fn an_email_change_reruns_integrations_and_other_contact_changes_do_not() {
        let parse = |changed: bool| {
            LiveEvent::parse(&format!(
                r#"{{"id": 9, "type": "contact.updated", "timestamp": "2026-12-03T10:00:00Z", "data": {{"id": 4, "email_changed": {changed}}}}}"#
            ))
            .expect("an event")
        };
        assert!(parse(true).changes_email_of(4));
        assert!(!parse(true).changes_email_of(5));
        assert!(!parse(false).changes_email_of(4));
        assert!(parse(false).touches_contact(4));
    }

    #[test]
    fn unknown_or_broken_lines_are_ignored_and_a_reset_touches_everything() {
        assert_eq!(
            LiveEvent::parse(r#"{"id": 1, "type": "robot.dance", "data": {}}"#),
            None
        );
        assert_eq!(LiveEvent::parse("not json"), None);
        assert_eq!(
            LiveEvent::parse(r#"{"type": "reset"}"#),
            Some(LiveEvent::Reset)
        );
        assert!(LiveEvent::Reset.touches_conversation(1) && LiveEvent::Reset.touches_lists());
        assert!(LiveEvent::Reset.touches_contact(1));
    }

    #[test]
    fn an_open_conversation_follows_its_contact_and_a_reset_reruns_the_cards() {
        let contact = |id: i64| {
            LiveEvent::parse(&format!(
                r#"{{"id": 11, "type": "contact.updated", "timestamp": "2026-12-03T10:00:00Z", "data": {{"id": {id}, "email_changed": false}}}}"#
            ))
            .expect("an event")
        };
        assert!(contact(4).touches_open_conversation(3, Some(4)));
        assert!(!contact(5).touches_open_conversation(3, Some(4)));
        assert!(!contact(4).touches_open_conversation(3, None));
        assert!(message(3).touches_open_conversation(3, Some(4)));
        assert!(!message(8).touches_open_conversation(3, Some(4)));
        assert!(LiveEvent::Reset.reruns_integrations_of(4));
        assert!(
            !contact(4).reruns_integrations_of(4),
            "the email did not change"
        );
    }

    #[test]
    fn the_tab_title_counts_unread_conversations() {
        assert_eq!(tab_title(0, "Chatlane"), "Chatlane");
        assert_eq!(tab_title(3, "Chatlane"), "(3) Chatlane");
    }
}

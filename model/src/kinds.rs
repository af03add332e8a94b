//! The closed vocabularies of the product, each with one string form used in the database, the API
//! and the UI.
//!
//! The macro and the error type live in `template` (the bottom crate) so both crates declare
//! their vocabularies the same way.

use template::string_enum;
pub use template::vocabulary::UnknownValue;

string_enum!(
    /// Where a conversation stands.
    pub enum ConversationStatus {
        /// Waiting for the team.
        Active => "active" as "Active",
        /// Waiting for someone else (the contact, a third party).
        Pending => "pending" as "Pending",
        /// Done.
        Closed => "closed" as "Closed",
    }
);

string_enum!(
    /// A team member's role: admins configure, agents answer.
    pub enum Role {
        /// Configures the team: inboxes, integrations, webhooks, tokens, members.
        Admin => "admin",
        /// Answers conversations.
        Agent => "agent",
    }
);

string_enum!(
    /// `standard` inboxes hold conversations with contacts; `entity` inboxes with custom entity records.
    pub enum InboxType {
        /// Conversations with contacts.
        Standard => "standard",
        /// Conversations about custom entity records.
        Entity => "entity",
    }
);

string_enum!(
    /// How a message travels (or, for notes, that it stays internal).
    pub enum MessageType {
        /// An email.
        Email => "email" as "Email",
        /// A text message.
        Sms => "sms" as "SMS",
        /// A WhatsApp message.
        Whatsapp => "whatsapp" as "WhatsApp",
        /// An internal note: seen by the team only.
        Note => "note" as "Note",
        /// A phone call's record.
        PhoneCall => "phone_call" as "Phone call",
        /// A Facebook message.
        Facebook => "facebook" as "Facebook",
        /// An Instagram message.
        Instagram => "instagram" as "Instagram",
    }
);

/// An inbox channel carries one message type.
pub type ChannelType = MessageType;

string_enum!(
    /// Who wrote a message: a team member, the contact, or a bot agent.
    pub enum SenderType {
        /// A team member.
        User => "user",
        /// The contact.
        Contact => "contact",
        /// A bot agent.
        Agent => "agent",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_string() {
        for t in MessageType::ALL {
            assert_eq!(t.as_str().parse::<MessageType>(), Ok(*t));
            let json = serde_json::to_string(t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        for s in ConversationStatus::ALL {
            assert_eq!(s.as_str().parse::<ConversationStatus>(), Ok(*s));
        }
    }

    #[test]
    fn unknown_value_lists_the_allowed_ones() {
        let err = "open"
            .parse::<ConversationStatus>()
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("must be one of: active, pending, closed")
        );
    }
}

//! The closed vocabularies of the product, each with one string form used in the database, the API
//! and the UI.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a string-backed enum with `as_str`, `FromStr`, `Display`, `ALL` and lowercase serde.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $( #[serde(rename = $text)] $variant ),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string stored in the database and sent over the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        kind: stringify!($name),
                        allowed: &[$($text),+],
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A string that is not one of an enum's values; its message lists the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name, for logs.
    pub kind: &'static str,
    /// The accepted strings.
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "must be one of: {}", self.allowed.join(", "))
    }
}

impl std::error::Error for UnknownValue {}

string_enum!(
    /// Where a conversation stands.
    ConversationStatus { Active => "active", Pending => "pending", Closed => "closed" }
);

string_enum!(
    /// A team member's role: admins configure, agents answer.
    Role { Admin => "admin", Agent => "agent" }
);

string_enum!(
    /// `standard` inboxes hold conversations with contacts; `entity` inboxes with custom entity records.
    InboxType { Standard => "standard", Entity => "entity" }
);

string_enum!(
    /// How a message travels (or, for notes, that it stays internal).
    MessageType {
        Email => "email",
        Sms => "sms",
        Whatsapp => "whatsapp",
        Note => "note",
        PhoneCall => "phone_call",
        Facebook => "facebook",
        Instagram => "instagram",
    }
);

/// An inbox channel carries one message type.
pub type ChannelType = MessageType;

string_enum!(
    /// Who wrote a message: a team member, the contact, or a bot agent.
    SenderType { User => "user", Contact => "contact", Agent => "agent" }
);

impl MessageType {
    /// The label shown on the message's type badge.
    pub fn label(self) -> &'static str {
        match self {
            MessageType::Email => "Email",
            MessageType::Sms => "SMS",
            MessageType::Whatsapp => "WhatsApp",
            MessageType::Note => "Note",
            MessageType::PhoneCall => "Phone call",
            MessageType::Facebook => "Facebook",
            MessageType::Instagram => "Instagram",
        }
    }
}

impl ConversationStatus {
    /// The label shown in filters and badges.
    pub fn label(self) -> &'static str {
        match self {
            ConversationStatus::Active => "Active",
            ConversationStatus::Pending => "Pending",
            ConversationStatus::Closed => "Closed",
        }
    }
}

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

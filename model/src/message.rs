//! The rules for a message an agent or an API client sends: which types travel through a channel,
//! how long each may be, and how `cc`/`bcc` lists are read.

use crate::kinds::MessageType;
use crate::validation::{EmailAddress, MESSAGE_BODY_MAX, ValidationError};

/// Longest SMS body: providers split longer texts, and Twilio refuses above 1,600 characters.
pub const SMS_MAX: usize = 1_600;
/// Longest WhatsApp body (the Business API's limit for text messages we relay).
pub const WHATSAPP_MAX: usize = 1_600;
/// Longest Facebook Messenger text.
pub const FACEBOOK_MAX: usize = 2_000;
/// Longest Instagram direct message.
pub const INSTAGRAM_MAX: usize = 1_000;
/// Most recipients in one `cc` or `bcc` list.
pub const RECIPIENTS_MAX: usize = 50;

template::string_enum!(
    /// Where a message's delivery stands; `None` in the API for notes and phone-call logs.
    pub enum DeliveryStatus {
        /// Saved, not sent.
        Draft => "draft",
        /// Queued for (or being handed to) the channel's driver.
        Sending => "sending",
        /// The driver handed it over.
        Sent => "sent",
        /// The driver gave up; `delivery_error` says why.
        Failed => "failed",
    }
);

impl MessageType {
    /// True for types that leave Chatlane through a channel's driver; notes stay internal and
    /// phone calls are logs of something that already happened.
    pub fn is_delivered(self) -> bool {
        !matches!(self, MessageType::Note | MessageType::PhoneCall)
    }

    /// The longest body this type may carry, in characters.
    pub fn max_body_chars(self) -> usize {
        match self {
            MessageType::Sms => SMS_MAX,
            MessageType::Whatsapp => WHATSAPP_MAX,
            MessageType::Facebook => FACEBOOK_MAX,
            MessageType::Instagram => INSTAGRAM_MAX,
            MessageType::Email | MessageType::Note | MessageType::PhoneCall => MESSAGE_BODY_MAX,
        }
    }
}

/// Why a body cannot go out as `message_type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyProblem {
    /// Empty after trimming.
    Missing,
    /// Longer than the type allows.
    TooLong {
        /// The type's limit.
        max: usize,
        /// The body's length.
        actual: usize,
    },
}

/// The trimmed body when it fits `message_type`'s limit.
pub fn message_body(message_type: MessageType, body: &str) -> Result<String, BodyProblem> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(BodyProblem::Missing);
    }
    let actual = trimmed.chars().count();
    let max = message_type.max_body_chars();
    if actual > max {
        return Err(BodyProblem::TooLong { max, actual });
    }
    Ok(trimmed.to_string())
}

/// Reads a comma- (or semicolon-) separated recipient list; blanks between separators are skipped
/// and repeats dropped. Every address must be valid.
pub fn recipient_list(field: &str, raw: &str) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for part in raw
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let address = EmailAddress::parse(field, part).map_err(|_| {
            ValidationError::new(field, format!("\"{part}\" is not a valid email address."))
        })?;
        let address = address.into_string();
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > RECIPIENTS_MAX {
        return Err(ValidationError::new(
            field,
            format!("At most {RECIPIENTS_MAX} recipients."),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn limits_follow_the_channel() {
        let sms = "x".repeat(SMS_MAX);
        assert_eq!(message_body(MessageType::Sms, &sms), Ok(sms.clone()));
        assert_eq!(
            message_body(MessageType::Whatsapp, &format!("{sms}y")),
            Err(BodyProblem::TooLong {
                max: 1_600,
                actual: 1_601
            })
        );
        // Characters, not bytes: 1,600 emoji fit an SMS.
        let emoji = "🙂".repeat(SMS_MAX);
        assert!(message_body(MessageType::Sms, &emoji).is_ok());
        assert!(message_body(MessageType::Email, &format!("{sms}{sms}")).is_ok());
        assert_eq!(
            message_body(MessageType::Note, "  \n "),
            Err(BodyProblem::Missing)
        );
    }

    #[test]
    fn only_outgoing_types_are_delivered() {
        let delivered: Vec<&str> = MessageType::ALL
            .iter()
            .filter(|t| t.is_delivered())
            .map(|t| t.as_str())
            .collect();
        assert_eq!(
            delivered,
            ["email", "sms", "whatsapp", "facebook", "instagram"]
        );
    }

    #[test]
    fn recipient_lists_are_split_trimmed_and_checked() {
        assert_eq!(
            recipient_list("cc", " a@x.example, b@x.example;;a@x.example ,"),
            Ok(vec!["a@x.example".to_string(), "b@x.example".to_string()])
        );
        assert_eq!(recipient_list("cc", "  "), Ok(vec![]));
        let err = recipient_list("bcc", "a@x.example, nope").err();
        assert_eq!(
            err.map(|e| (e.field, e.message)),
            Some((
                "bcc".to_string(),
                "\"nope\" is not a valid email address.".to_string()
            ))
        );
    }

    proptest! {
        #[test]
        fn a_body_within_the_limit_is_kept_trimmed(body in "\\PC{1,200}") {
            let trimmed = body.trim();
            let result = message_body(MessageType::Instagram, &body);
            if trimmed.is_empty() {
                prop_assert_eq!(result, Err(BodyProblem::Missing));
            } else {
                prop_assert_eq!(result, Ok(trimmed.to_string()));
            }
        }
    }
}

//! The request fields of a new message, checked on their own (before any lookup): required
//! fields, the type's length limit, recipients, the sender pair, the URL list and the visit.

use crate::error::{ServiceError, ServiceResult};
use crate::storage::FILE_URLS_MAX;
use model::message::{BodyProblem, message_body, recipient_list};
use model::validation::ValidationError;
use model::visitor::{Visitor, VisitorInput};
use model::{FieldErrors, MessageType, SenderType};

/// A message to create, as the API received it (checked here, not by the caller).
#[derive(Debug, Clone, Default)]
pub struct NewApiMessage {
    /// Text (required).
    pub body: Option<String>,
    /// `email`, `sms`, ... (required).
    pub message_type: Option<String>,
    /// Save without sending.
    pub is_draft: bool,
    /// A specific channel of the conversation's inbox.
    pub inbox_channel_id: Option<i64>,
    /// Public URLs to download and attach.
    pub file_urls: Vec<String>,
    /// The recipient (required in entity conversations).
    pub contact_id: Option<i64>,
    /// Comma-separated copy recipients.
    pub cc: Option<String>,
    /// Comma-separated blind-copy recipients.
    pub bcc: Option<String>,
    /// `user`, `contact` or `agent` (with `sender_id`).
    pub sender_type: Option<String>,
    /// The sender's id (with `sender_type`).
    pub sender_id: Option<i64>,
    /// What the visitor's browser sent with it; it becomes the conversation's latest visit.
    pub visitor: Option<VisitorInput>,
}

/// The checked fields.
pub(super) struct Checked {
    pub(super) body: String,
    pub(super) message_type: MessageType,
    pub(super) cc: Vec<String>,
    pub(super) bcc: Vec<String>,
    pub(super) sender: Option<(SenderType, i64)>,
    pub(super) visitor: Option<Visitor>,
}

pub(super) fn check_fields(new: &NewApiMessage) -> ServiceResult<Checked> {
    let mut errors = FieldErrors::new();
    let message_type = match new.message_type.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add(ValidationError::new("type", "This field is required."));
            None
        }
        Some(t) => errors.check(t.parse::<MessageType>().map_err(|e| {
            ValidationError::new("type", format!("Must be one of: {}.", e.allowed.join(", ")))
        })),
    };
    let body_raw = new.body.as_deref().unwrap_or_default();
    if body_raw.trim().is_empty() {
        errors.add(ValidationError::new("body", "This field is required."));
    }
    let cc = errors.check(recipient_list("cc", new.cc.as_deref().unwrap_or_default()));
    let bcc = errors.check(recipient_list(
        "bcc",
        new.bcc.as_deref().unwrap_or_default(),
    ));
    let sender_type = new
        .sender_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let sender = match (sender_type, new.sender_id) {
        (None, None) => Some(None),
        (Some(t), Some(id)) => errors
            .check(t.parse::<SenderType>().map_err(|_| {
                ValidationError::new("sender_type", "Must be one of: user, contact, agent.")
            }))
            .map(|t| Some((t, id))),
        (None, Some(_)) => {
            errors.add(ValidationError::new(
                "sender_type",
                "Required when sender_id is given.",
            ));
            None
        }
        (Some(_), None) => {
            errors.add(ValidationError::new(
                "sender_id",
                "Required when sender_type is given.",
            ));
            None
        }
    };
    if new.file_urls.len() > FILE_URLS_MAX {
        errors.add(ValidationError::new(
            "file_urls",
            format!("At most {FILE_URLS_MAX} files per message."),
        ));
    }
    for (i, url) in new.file_urls.iter().enumerate() {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            errors.add(ValidationError::new(
                format!("file_urls.{i}"),
                "Enter an http:// or https:// URL.",
            ));
        }
    }
    let visitor = match &new.visitor {
        None => Some(None),
        Some(v) => v.check("visitor", &mut errors).map(Some),
    };
    let (message_type, cc, bcc, sender, visitor) =
        errors.finish((|| Some((message_type?, cc?, bcc?, sender?, visitor?)))())?;
    let body = match message_body(message_type, body_raw) {
        Ok(b) => b,
        Err(BodyProblem::Missing) => {
            return Err(ServiceError::invalid("body", "This field is required."));
        }
        Err(BodyProblem::TooLong { max, actual }) => {
            return Err(ServiceError::rule(
                "MESSAGE_TOO_LONG",
                "body",
                format!(
                    "{} messages may be at most {max} characters; this one has {actual}.",
                    message_type.label()
                ),
            ));
        }
    };
    if new.is_draft && message_type == MessageType::Note {
        return Err(ServiceError::rule(
            "NOTE_CANNOT_BE_DRAFT",
            "is_draft",
            "Notes cannot be saved as drafts.",
        ));
    }
    if (!cc.is_empty() || !bcc.is_empty()) && message_type != MessageType::Email {
        let field = if cc.is_empty() { "bcc" } else { "cc" };
        return Err(ServiceError::invalid(
            field,
            "Copies are for email messages only.",
        ));
    }
    Ok(Checked {
        body,
        message_type,
        cc,
        bcc,
        sender,
        visitor,
    })
}

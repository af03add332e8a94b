//! Sending messages out: what a driver is handed ([`Outgoing`]), the one trait both drivers
//! implement ([`Deliver`]), and the durable queue that runs them in the background
//! ([`queue`]). A message is `sending` until its channel's driver has handed it over (`sent`) or
//! given up (`failed`, with the reason).

pub mod queue;
pub mod smtp;
pub mod wakeup;
pub mod webhook;

use crate::outbound::OutboundClient;
use crate::storage::AttachmentStore;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::future::Future;

pub use queue::run_worker;
pub use wakeup::WorkerWakeup;

/// A message as a driver sends it (and as the webhook driver posts it).
#[derive(Debug, Clone, Serialize)]
pub struct Outgoing {
    /// The message id.
    pub id: i64,
    /// `email`, `sms`, ...
    #[serde(rename = "type")]
    pub message_type: String,
    /// The text.
    pub body: String,
    /// Copy recipients (email).
    pub cc: Vec<String>,
    /// Blind-copy recipients (email).
    pub bcc: Vec<String>,
    /// The conversation it belongs to.
    pub conversation: OutgoingConversation,
    /// The channel it goes out through.
    pub channel: OutgoingChannel,
    /// Who receives it.
    pub recipient: Option<Recipient>,
    /// Who wrote it.
    pub sender: OutgoingSender,
    /// Attached files.
    pub attachments: Vec<OutgoingAttachment>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// The conversation, as drivers see it.
#[derive(Debug, Clone, Serialize)]
pub struct OutgoingConversation {
    /// Id.
    pub id: i64,
    /// Stable public id (used in email Message-IDs).
    pub uuid: String,
    /// Subject (the email subject).
    pub subject: String,
}

/// The channel, as drivers see it.
#[derive(Debug, Clone, Serialize)]
pub struct OutgoingChannel {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub channel_type: String,
}

/// The contact a message goes to.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    /// Contact id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Email, if known.
    pub email: Option<String>,
    /// Phone (E.164), if known.
    pub phone_number: Option<String>,
}

/// The author.
#[derive(Debug, Clone, Serialize)]
pub struct OutgoingSender {
    /// `user`, `contact` or `agent`.
    #[serde(rename = "type")]
    pub sender_type: String,
    /// Id, when known.
    pub id: Option<i64>,
    /// Display name.
    pub name: String,
}

/// An attached file.
#[derive(Debug, Clone, Serialize)]
pub struct OutgoingAttachment {
    /// Attachment id.
    pub id: i64,
    /// Original name.
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Where the file is stored (read by the SMTP driver; not sent).
    #[serde(skip)]
    pub storage_key: String,
}

/// A driver handed the message over.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Delivered {
    /// The provider's id for it (SMTP Message-ID, the bridge's answer `id`), if any.
    pub external_id: Option<String>,
}

/// A driver could not hand the message over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryFailure {
    /// True when trying again cannot help (refused address, bad credentials, a 4xx answer).
    pub permanent: bool,
    /// Why, in words safe to show an admin (no secrets, no bodies).
    pub reason: String,
}

impl DeliveryFailure {
    /// A failure worth retrying.
    pub fn transient(reason: impl Into<String>) -> Self {
        DeliveryFailure {
            permanent: false,
            reason: reason.into(),
        }
    }

    /// A failure retrying cannot fix.
    pub fn permanent(reason: impl Into<String>) -> Self {
        DeliveryFailure {
            permanent: true,
            reason: reason.into(),
        }
    }
}

/// What drivers may use while sending.
#[derive(Debug, Clone, Copy)]
pub struct DriverContext<'a> {
    /// The guarded client (webhooks) and its address rules (SMTP hosts).
    pub outbound: &'a OutboundClient,
    /// Attachment files.
    pub files: &'a AttachmentStore,
}

/// A delivery driver: hands one message to the outside world.
pub trait Deliver {
    /// Sends `message`, returning the provider's id for it when there is one.
    fn deliver(
        &self,
        message: &Outgoing,
        context: DriverContext<'_>,
    ) -> impl Future<Output = Result<Delivered, DeliveryFailure>> + Send;
}

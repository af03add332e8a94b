//! Typed reads of the columns that store a closed vocabulary as text (a conversation's status, a
//! member's role, a message's type ...). Every service reads them through these accessors.
//!
//! Invariant: a stored value that names no variant is a broken row. It fails the read as an
//! internal error naming the column and the value (logged, never shown), instead of being coerced
//! to some default that would hide it, or, for roles, grant anything.

use super::{
    conversation, inbox, inbox_channel, integration, integration_run, message, team_member,
    webhook, webhook_delivery,
};
use crate::error::{ServiceError, ServiceResult};
use model::integration::run_conditions::SkippedCard;
use model::integration::stale::FailureKind;
use model::integration::{HttpMethod, RunStatus, RunTrigger};
use model::kinds::UnknownValue;
use model::webhook::{DeliveryStatus, PayloadFormat};
use model::{ChannelType, ConversationStatus, InboxType, MessageType, Role, SenderType};
use std::str::FromStr;

/// Reads `text`, stored in `column` (`table.column`), as a `T`.
pub(crate) fn read<T: FromStr<Err = UnknownValue>>(column: &str, text: &str) -> ServiceResult<T> {
    text.parse().map_err(|e: UnknownValue| {
        ServiceError::Internal(format!("{column} holds `{text}`: it {e}"))
    })
}

impl conversation::Model {
    /// Where the conversation stands.
    pub fn status(&self) -> ServiceResult<ConversationStatus> {
        read("conversations.status", &self.status)
    }
}

impl team_member::Model {
    /// The member's role in the team.
    pub fn role(&self) -> ServiceResult<Role> {
        read("team_members.role", &self.role)
    }
}

impl inbox::Model {
    /// What the inbox's conversations are with.
    pub fn inbox_type(&self) -> ServiceResult<InboxType> {
        read("inboxes.inbox_type", &self.inbox_type)
    }
}

impl inbox_channel::Model {
    /// The message type the channel carries.
    pub fn channel_type(&self) -> ServiceResult<ChannelType> {
        read("inbox_channels.channel_type", &self.channel_type)
    }
}

impl webhook::Model {
    /// The shape of what the webhook receives.
    pub fn payload_format(&self) -> ServiceResult<PayloadFormat> {
        read("webhooks.payload_format", &self.payload_format)
    }
}

impl integration::Model {
    /// The HTTP method of the integration's call.
    pub fn method(&self) -> ServiceResult<HttpMethod> {
        read("integrations.method", &self.method)
    }

    /// What a card whose run conditions fail shows.
    pub fn skipped_card(&self) -> ServiceResult<SkippedCard> {
        read("integrations.skipped_card", &self.skipped_card)
    }
}

impl message::Model {
    /// How the message travels (or that it is a note).
    pub fn message_type(&self) -> ServiceResult<MessageType> {
        read("messages.message_type", &self.message_type)
    }

    /// Who wrote it.
    pub fn sender_type(&self) -> ServiceResult<SenderType> {
        read("messages.sender_type", &self.sender_type)
    }
}

impl integration_run::Model {
    /// How the run ended.
    pub fn status(&self) -> ServiceResult<RunStatus> {
        read("integration_runs.status", &self.status)
    }

    /// What started it.
    pub fn trigger(&self) -> ServiceResult<RunTrigger> {
        read("integration_runs.trigger", &self.trigger)
    }

    /// How it failed, when it did (runs logged before this was kept have none).
    pub fn failure(&self) -> ServiceResult<Option<FailureKind>> {
        self.failure
            .as_deref()
            .map(|f| read("integration_runs.failure", f))
            .transpose()
    }
}

impl webhook_delivery::Model {
    /// Where the delivery stands.
    pub fn status(&self) -> ServiceResult<DeliveryStatus> {
        read("webhook_deliveries.status", &self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_value_reads_as_its_variant() {
        assert_eq!(
            read::<Role>("team_members.role", "admin").ok(),
            Some(Role::Admin)
        );
    }

    #[test]
    fn an_unknown_value_is_an_internal_error_naming_the_column_and_never_a_default() {
        let err = read::<Role>("team_members.role", "owner")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "internal error: team_members.role holds `owner`: it must be one of: admin, agent"
            )
        );
    }
}

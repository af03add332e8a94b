//! The JSON shapes of REST API v1 resources, built from service results. Timestamps serialize as
//! RFC 3339 UTC with `Z`, with fractional seconds only when the stored time has them, so a
//! `created_after` taken from a response never repeats that row.

mod contact;
mod conversation;
mod custom_entity_record;
mod inbox;
mod integration;
mod message;
mod visitor;
mod webhook;

pub use contact::ContactResource;
pub use conversation::{
    ConversationResource, InboxRef, PersonRef, SenderRef, TagResource, ThreadMessage,
};
pub use custom_entity_record::{
    AttributeResource, CustomEntityDetail, CustomEntityRecordDetail, CustomEntityRecordResource,
    CustomEntityRef, RecordContact, RecordConversation,
};
pub use inbox::{ChannelResource, InboxDetailResource, InboxResource};
pub use integration::{
    HeaderResource, InboxIntegrationResource, IntegrationResource, IntegrationResultResource,
    QueryParamResource, StaleResource, TestOutcomeResource,
};
pub use message::{AttachmentResource, ConversationRef, MessageResource};
pub use visitor::VisitorResource;
pub use webhook::{AttemptResource, DeliveryResource, WebhookResource};

use serde::Serialize;

/// A single-resource response: `{"data": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Single<T: utoipa::ToSchema> {
    /// The resource.
    pub data: T,
}

impl<T: utoipa::ToSchema> Single<T> {
    /// Wraps a resource.
    pub fn of(data: T) -> Self {
        Single { data }
    }
}

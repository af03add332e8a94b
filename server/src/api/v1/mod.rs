//! REST API v1 handlers, one file per endpoint, grouped by resource.

pub mod attachments;
pub mod contacts;
pub mod conversations;
pub mod custom_entity_records;
pub mod events;
pub mod inboxes;
pub mod integrations;
pub mod messages;
pub mod webhooks;

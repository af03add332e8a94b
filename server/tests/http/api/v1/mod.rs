//! `/api/v1`.

mod answer_cache;
mod attachments;
mod auth;
mod contacts;
mod conversations;
mod custom_entity_records;
mod errors;
mod inboxes;
pub mod integrations;
mod isolation;
mod messages;
mod openapi;
mod webhooks;

//! Webhooks: the settings page (admins) and "Send to webhook" in a conversation (any member).

mod create_webhook;
mod delete_webhook;
mod list_webhook_deliveries;
mod list_webhook_targets;
mod list_webhooks;
mod redeliver_webhook_delivery;
mod rotate_webhook_secret;
mod send_transcript_to_webhook;
mod send_webhook_test;
mod set_webhook_active;

pub use create_webhook::*;
pub use delete_webhook::*;
pub use list_webhook_deliveries::*;
pub use list_webhook_targets::*;
pub use list_webhooks::*;
pub use redeliver_webhook_delivery::*;
pub use rotate_webhook_secret::*;
pub use send_transcript_to_webhook::*;
pub use send_webhook_test::*;
pub use set_webhook_active::*;

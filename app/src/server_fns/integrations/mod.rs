//! Integrations: the admin screens (list, editor, tests, inbox attachments) and an inbox's list.

mod clear_integration_cache;
mod delete_integration;
mod get_integration_cache;
mod get_integration_editor;
mod get_integration_health;
mod get_test_values;
mod list_inbox_integrations;
mod list_integrations;
mod save_integration;
mod set_inbox_integrations;
mod set_integration_active;
mod set_integration_inboxes;
mod test_integration;

pub use clear_integration_cache::*;
pub use delete_integration::*;
pub use get_integration_cache::*;
pub use get_integration_editor::*;
pub use get_integration_health::*;
pub use get_test_values::*;
pub use list_inbox_integrations::*;
pub use list_integrations::*;
pub use save_integration::*;
pub use set_inbox_integrations::*;
pub use set_integration_active::*;
pub use set_integration_inboxes::*;
pub use test_integration::*;

//! Team settings (admins only): members, API tokens, channels, custom entities and webhooks.

mod api_tokens_page;
mod channels_page;
mod custom_entities_page;
mod custom_entity_form;
mod settings_nav;
mod team_settings_page;
mod webhook_deliveries;
mod webhooks_page;

pub use api_tokens_page::*;
pub use channels_page::*;
pub use custom_entities_page::*;
pub use settings_nav::*;
pub use team_settings_page::*;
pub use webhook_deliveries::*;
pub use webhooks_page::*;

//! Team settings (admins only): members, API tokens, channels and custom entities.

mod connect_channel;
mod create_api_token;
mod create_custom_entity;
mod delete_custom_entity;
mod disconnect_channel;
mod list_api_tokens;
mod list_channels;
mod list_custom_entities;
mod list_team_members;
mod revoke_api_token;
mod update_custom_entity;

pub use connect_channel::*;
pub use create_api_token::*;
pub use create_custom_entity::*;
pub use delete_custom_entity::*;
pub use disconnect_channel::*;
pub use list_api_tokens::*;
pub use list_channels::*;
pub use list_custom_entities::*;
pub use list_team_members::*;
pub use revoke_api_token::*;
pub use update_custom_entity::*;

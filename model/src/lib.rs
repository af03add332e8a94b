//! Types shared by the browser and the server: the vocabulary of Chatlane (statuses, roles, channel
//! types), the shapes the UI and the API exchange, and the validation rules with their messages.
//! Compiles to wasm; depends on nothing server-side.

pub mod api_token;
pub mod channel;
pub mod contact;
pub mod conversation;
pub mod custom_entity;
pub mod event;
pub mod integration;
pub mod kinds;
pub mod live;
pub mod message;
pub mod page;
pub mod team;
pub mod validation;
pub mod visitor;
pub mod webhook;

pub use kinds::{ChannelType, ConversationStatus, InboxType, MessageType, Role, SenderType};
pub use validation::{FieldErrors, ValidationError};

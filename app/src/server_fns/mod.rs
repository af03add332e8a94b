//! Server functions, one per file, grouped by area. Each checks the session and calls a backend
//! service; none holds business logic.

pub mod auth;
pub mod contacts;
#[cfg(feature = "ssr")]
pub mod context;
pub mod inbox;
pub mod integrations;
pub mod settings;
pub mod webhooks;

//! `/api/v1`.

mod auth;
mod contacts;
mod errors;
mod inboxes;
mod isolation;

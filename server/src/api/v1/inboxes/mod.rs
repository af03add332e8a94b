//! `/api/v1/inboxes` (read-only, but for the integrations an inbox runs).

pub mod get;
pub mod integrations;
pub mod list;

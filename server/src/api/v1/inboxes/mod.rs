//! `/api/v1/inboxes` (read-only).

pub mod get;
pub mod list;

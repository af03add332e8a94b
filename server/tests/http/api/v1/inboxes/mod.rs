//! `/api/v1/inboxes`.

mod get;
mod integrations;
mod list;

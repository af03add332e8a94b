//! `/api/v1/inboxes`.

mod get;
mod list;

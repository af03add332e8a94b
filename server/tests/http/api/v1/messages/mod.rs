//! `/api/v1/messages`.

mod get;
mod list;

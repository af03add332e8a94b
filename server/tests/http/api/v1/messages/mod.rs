//! `/api/v1/messages`.

mod create;
mod get;
mod list;

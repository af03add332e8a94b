//! `/api/v1/messages`.

pub mod get;
pub mod list;

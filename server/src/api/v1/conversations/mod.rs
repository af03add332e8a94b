//! `/api/v1/conversations`.

pub mod create;
pub mod get;
pub mod list;

//! `/api/v1/contacts`.

pub mod create;
pub mod get;
pub mod list;
pub mod update;

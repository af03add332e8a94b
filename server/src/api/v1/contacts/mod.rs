//! `/api/v1/contacts`.

pub mod create;
pub mod get;
pub mod integration_data;
pub mod list;
pub mod update;

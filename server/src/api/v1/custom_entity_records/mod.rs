//! `/api/v1/custom-entity-records`.

pub mod create;
pub mod get;
pub mod list;
pub mod update;

//! `/api/v1/custom-entity-records`.

mod create;
mod get;
mod list;
mod update;

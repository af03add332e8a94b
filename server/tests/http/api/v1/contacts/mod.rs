//! `/api/v1/contacts`.

mod create;
mod get;
mod list;
mod update;

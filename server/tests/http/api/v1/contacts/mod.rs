//! `/api/v1/contacts`.

mod create;
mod get;
mod integration_data;
mod list;
mod update;

//! `/api/v1/conversations`.

mod create;
mod get;
mod list;
mod visitor;

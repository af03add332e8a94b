//! `/api/v1/attachments`.

mod get;

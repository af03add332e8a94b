//! `/api/v1/attachments`.

pub mod download;

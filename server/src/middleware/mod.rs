//! Request middleware.

pub mod csrf;
pub mod security_headers;

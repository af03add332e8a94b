//! Request middleware.

pub mod csrf;
pub mod security_headers;
pub mod sign_in;

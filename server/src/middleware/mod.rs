//! Request middleware.

pub mod csrf;

//! Plain HTTP handlers outside the app and the REST API.

pub mod health;
pub mod metrics;

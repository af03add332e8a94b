//! Plain HTTP handlers outside the app and the REST API.

pub mod demo_crm;
pub mod health;
pub mod live_events;
pub mod live_worker;
pub mod metrics;

//! Integration health: what the runner saw of each integration, tallied per minute in memory on
//! each replica ([`recorder`]), written to `integration_health_minutes` once a minute (one insert
//! for every integration that minute, and at shutdown), pruned after [`KEEP_DAYS`] days, and
//! added up for the admins' console ([`report`]); a breaker opening or closing is announced as
//! `integration.health_changed` ([`changes`]).
//!
//! Invariants: a replica writes each integration's minute at most once (only whole minutes are
//! flushed, except at shutdown, which writes what is left once); rows are insert-only, so
//! replicas never contend and their minutes add up; a failed write puts the tallies back.

pub mod changes;
pub mod recorder;
pub mod report;

pub use recorder::{HealthRecorder, Observation};

/// Days of minutes kept.
pub const KEEP_DAYS: i64 = 8;

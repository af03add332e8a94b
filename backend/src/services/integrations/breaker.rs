//! A circuit breaker per integration: after repeated failures of the API to answer, cards stop
//! calling it for a cool-down and say when they will try again (or show the last good answer);
//! then one probe call decides whether it closes.
//!
//! The rule, each integration's own (default 5 and 30 s): [`BreakerRule::failures`] calls in a
//! row that failed because the API is not answering (a timeout, no connection, a 5xx or a 429)
//! open it for [`BreakerRule::cool_down`].
//! When that is over, the next call is let through as the probe (others are still refused while
//! it runs): a success closes the breaker, a failure opens it for another cool-down. Any success
//! resets the count; a failure that is not the API's (a 404, a bad header) does not count.
//!
//! Per replica, in memory, keyed by integration and version (an edit starts afresh): a breaker
//! protects the upstream from the callers it sees, so N replicas make at most N probes per
//! cool-down, and sharing it through PostgreSQL would put a write on every failed call of every
//! card. `docs/ARCHITECTURE.md` says so too.

use chrono::{DateTime, Duration, Utc};
use model::event::IntegrationHealth;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// When a breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerRule {
    /// Failures in a row that open it.
    pub failures: u32,
    /// How long it stays open before a probe.
    pub cool_down: Duration,
}

impl BreakerRule {
    /// Five failures in a row; thirty seconds.
    pub fn standard() -> Self {
        BreakerRule {
            failures: 5,
            cool_down: Duration::seconds(30),
        }
    }
}

/// How a call changed an integration's breaker, and the figures that decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerChange {
    /// Opened (degraded) or closed after being open (recovered).
    pub health: IntegrationHealth,
    /// Failures in a row when it opened (0 when it closed).
    pub failures_in_a_row: u32,
    /// The failures in a row that open it.
    pub threshold: u32,
    /// When it opened: when the probe will be.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Whether a call may be made now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    /// Closed: call.
    Call,
    /// The cool-down is over: this call is the probe.
    Probe,
    /// Open: do not call; the next try is at this time.
    Refused {
        /// When a call will be tried again.
        retry_at: DateTime<Utc>,
    },
}

#[derive(Debug, Default, Clone, Copy)]
struct State {
    failures_in_a_row: u32,
    open_until: Option<DateTime<Utc>>,
    probing: bool,
}

/// Every integration's breaker on this replica (cheap to clone; clones share them).
#[derive(Debug, Clone, Default)]
pub struct Breakers {
    /// A rule that replaces every integration's own (tests that cannot wait 30 s).
    overriding: Option<BreakerRule>,
    states: Arc<Mutex<HashMap<(i64, i64), State>>>,
}

impl Breakers {
    /// Breakers that follow each integration's rule.
    pub fn new() -> Self {
        Self::default()
    }

    /// Breakers that follow `rule` whatever an integration says.
    pub fn overriding(rule: BreakerRule) -> Self {
        Breakers {
            overriding: Some(rule),
            states: Arc::default(),
        }
    }

    /// Whether integration `id` at `version` may be called at `now`.
    pub fn permit(&self, id: i64, version: i64, now: DateTime<Utc>) -> Permit {
        let Ok(mut states) = self.states.lock() else {
            return Permit::Call;
        };
        let state = states.entry((id, version)).or_default();
        match state.open_until {
            None => Permit::Call,
            Some(until) if now < until || state.probing => Permit::Refused {
                retry_at: until.max(now),
            },
            Some(_) => {
                state.probing = true;
                Permit::Probe
            }
        }
    }

    /// Until when integration `id` at `version` is open at `now`, without taking the probe (for
    /// diagnosis): `None` when a call would be let through.
    pub fn open_until(&self, id: i64, version: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let states = self.states.lock().ok()?;
        let state = states.get(&(id, version))?;
        let until = state.open_until?;
        (now < until || state.probing).then_some(until.max(now))
    }

    /// Records how a permitted call ended: `Some(true)` it answered, `Some(false)` the API was
    /// not answering, `None` it failed for another reason (which says nothing about the API);
    /// `rule` is the integration's. Says when this call changed the integration's health: it
    /// opened the breaker (it was closed, or this was the probe), or a probe closed it.
    pub fn record(
        &self,
        id: i64,
        version: i64,
        answered: Option<bool>,
        now: DateTime<Utc>,
        rule: BreakerRule,
    ) -> Option<BreakerChange> {
        let rule = self.overriding.unwrap_or(rule);
        let mut states = self.states.lock().ok()?;
        let state = states.entry((id, version)).or_default();
        let was_probe = std::mem::take(&mut state.probing);
        match answered {
            Some(true) => {
                let was_open = state.open_until.is_some();
                *state = State::default();
                was_open.then_some(BreakerChange {
                    health: IntegrationHealth::Recovered,
                    failures_in_a_row: 0,
                    threshold: rule.failures,
                    retry_at: None,
                })
            }
            Some(false) => {
                state.failures_in_a_row = state.failures_in_a_row.saturating_add(1);
                if !was_probe && state.failures_in_a_row < rule.failures {
                    return None;
                }
                // A call in flight when it opened extends the cool-down but opens nothing.
                let opens = was_probe || state.open_until.is_none();
                state.open_until = Some(now + rule.cool_down);
                opens.then_some(BreakerChange {
                    health: IntegrationHealth::Degraded,
                    failures_in_a_row: state.failures_in_a_row,
                    threshold: rule.failures,
                    retry_at: state.open_until,
                })
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: BreakerRule = BreakerRule {
        failures: 3,
        cool_down: Duration::seconds(30),
    };

    fn breakers() -> Breakers {
        Breakers::new()
    }

    #[test]
    fn it_opens_after_failures_in_a_row_probes_after_the_cool_down_and_closes_on_success() {
        let b = breakers();
        let t0 = Utc::now();
        for _ in 0..2 {
            assert_eq!(b.permit(1, 1, t0), Permit::Call);
            assert_eq!(b.record(1, 1, Some(false), t0, RULE), None);
        }
        assert_eq!(b.permit(1, 1, t0), Permit::Call);
        let opened = b
            .record(1, 1, Some(false), t0, RULE)
            .expect("the third opens it");
        assert_eq!(opened.health, IntegrationHealth::Degraded);
        assert_eq!((opened.failures_in_a_row, opened.threshold), (3, 3));
        assert_eq!(
            b.record(1, 1, Some(false), t0, RULE),
            None,
            "a call already in flight that fails does not open it again"
        );
        let retry_at = t0 + Duration::seconds(30);
        assert_eq!(b.open_until(1, 1, t0), Some(retry_at));
        assert_eq!(b.permit(1, 1, t0), Permit::Refused { retry_at });
        assert_eq!(
            b.permit(1, 2, t0),
            Permit::Call,
            "an edited integration starts afresh"
        );

        let later = t0 + Duration::seconds(31);
        assert_eq!(b.permit(1, 1, later), Permit::Probe);
        assert!(
            matches!(b.permit(1, 1, later), Permit::Refused { .. }),
            "one probe at a time"
        );
        assert!(
            b.open_until(1, 1, later).is_some(),
            "open while the probe runs"
        );
        let closed = b
            .record(1, 1, Some(true), later, RULE)
            .expect("the probe closes it");
        assert_eq!(closed.health, IntegrationHealth::Recovered);
        assert_eq!(b.permit(1, 1, later), Permit::Call, "closed");
        assert_eq!(
            b.record(1, 1, Some(true), later, RULE),
            None,
            "already closed"
        );
        assert_eq!(b.open_until(1, 1, later), None);
    }

    #[test]
    fn a_failed_probe_opens_it_again_and_other_errors_do_not_count() {
        let b = breakers();
        let t0 = Utc::now();
        for _ in 0..3 {
            b.record(2, 1, Some(false), t0, RULE);
        }
        let later = t0 + Duration::seconds(31);
        assert_eq!(b.permit(2, 1, later), Permit::Probe);
        assert!(
            b.record(2, 1, Some(false), later, RULE).is_some(),
            "reopened"
        );
        assert_eq!(
            b.permit(2, 1, later),
            Permit::Refused {
                retry_at: later + Duration::seconds(30)
            }
        );

        for _ in 0..10 {
            b.record(3, 1, None, t0, RULE);
        }
        assert_eq!(
            b.permit(3, 1, t0),
            Permit::Call,
            "404s say nothing about the API"
        );
        b.record(3, 1, Some(false), t0, RULE);
        b.record(3, 1, Some(false), t0, RULE);
        b.record(3, 1, Some(true), t0, RULE);
        b.record(3, 1, Some(false), t0, RULE);
        assert_eq!(
            b.permit(3, 1, t0),
            Permit::Call,
            "a success resets the count"
        );
    }
}

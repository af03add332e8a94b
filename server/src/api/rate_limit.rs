//! Per-token request budgets for the REST API: a GCRA limiter (sustained rate plus burst) keyed by
//! the token's id, never by anything the client could vary, such as a forwarding header.

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

type Limiter = RateLimiter<i64, DashMapStateStore<i64>, DefaultClock, StateInformationMiddleware>;

/// The REST API's per-token limiter (cheap to clone; clones share state).
#[derive(Clone)]
pub struct ApiRateLimiter {
    limiter: Arc<Limiter>,
    clock: DefaultClock,
    per_minute: u32,
    burst: u32,
    /// The `RateLimit-Policy` header value, formatted once.
    policy: String,
}

/// The outcome of one request's check, with what the `RateLimit-*` headers report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    /// Go ahead.
    Allowed {
        /// Requests the token may send at once.
        limit: u32,
        /// Requests left right now.
        remaining: u32,
        /// Seconds until the full burst is available again.
        reset_secs: u64,
    },
    /// Refused: too many requests.
    Limited {
        /// Requests the token may send at once.
        limit: u32,
        /// Seconds until the next request would be allowed (at least 1).
        retry_after_secs: u64,
    },
}

impl ApiRateLimiter {
    /// `per_minute` sustained, `burst` at once (both at least 1).
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let per_minute_nz = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst_nz = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(per_minute_nz).allow_burst(burst_nz);
        let clock = DefaultClock::default();
        let limiter: Limiter = RateLimiter::new(quota, DashMapStateStore::default(), clock.clone());
        Self {
            limiter: Arc::new(limiter),
            clock,
            per_minute: per_minute_nz.get(),
            burst: burst_nz.get(),
            policy: format!("{};w=60;burst={}", per_minute_nz.get(), burst_nz.get()),
        }
    }

    /// `RateLimit-Policy` value: the sustained rate per 60 s window and the burst.
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// Counts one request of `token_id`.
    pub fn check(&self, token_id: i64) -> RateDecision {
        match self.limiter.check_key(&token_id) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = u64::from(self.burst.saturating_sub(remaining));
                // Each used slot comes back after 60 / per_minute seconds.
                let reset_secs = (used * 60).div_ceil(u64::from(self.per_minute));
                RateDecision::Allowed {
                    limit: self.burst,
                    remaining,
                    reset_secs,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                RateDecision::Limited {
                    limit: self.burst,
                    retry_after_secs: retry_after_secs.max(1),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_burst_then_is_told_when_to_retry() {
        let limiter = ApiRateLimiter::new(60, 3);
        let remaining: Vec<u32> = (0..3)
            .map(|_| match limiter.check(7) {
                RateDecision::Allowed { remaining, .. } => remaining,
                RateDecision::Limited { .. } => u32::MAX,
            })
            .collect();
        assert_eq!(remaining, vec![2, 1, 0]);
        match limiter.check(7) {
            RateDecision::Limited {
                limit,
                retry_after_secs,
            } => {
                assert_eq!(limit, 3);
                assert_eq!(
                    retry_after_secs, 1,
                    "one slot returns each second at 60/min"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn tokens_have_separate_budgets() {
        let limiter = ApiRateLimiter::new(60, 1);
        assert!(matches!(limiter.check(1), RateDecision::Allowed { .. }));
        assert!(matches!(limiter.check(1), RateDecision::Limited { .. }));
        assert!(matches!(limiter.check(2), RateDecision::Allowed { .. }));
    }

    #[test]
    fn reset_counts_the_seconds_until_the_burst_is_full_again() {
        let limiter = ApiRateLimiter::new(120, 30);
        match limiter.check(1) {
            RateDecision::Allowed {
                limit,
                remaining,
                reset_secs,
            } => assert_eq!((limit, remaining, reset_secs), (30, 29, 1)),
            other => panic!("expected to pass, got {other:?}"),
        }
        assert_eq!(limiter.policy(), "120;w=60;burst=30");
    }
}

//! Each member's budget of manual refreshes (a card's ⟲ and Refresh All): a refresh skips the
//! cache and calls the team's systems, so a member holding the button (or a script with their
//! session) must not turn Chatlane into a load generator against them. A GCRA limiter keyed by
//! the user's id (never by anything a client can vary): a burst, then a steady rate. Opening a
//! profile uses the cache and is never charged. In memory per replica.

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

type Limiter = RateLimiter<i64, DashMapStateStore<i64>, DefaultClock>;

/// Manual refreshes per user: `burst` at once, then `per_minute`.
#[derive(Clone)]
pub struct RefreshBudget {
    limiter: Arc<Limiter>,
    clock: DefaultClock,
}

impl RefreshBudget {
    /// A budget of `per_minute` refreshes per user with bursts of `burst` (both at least 1).
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let one = NonZeroU32::MIN;
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(one))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(one));
        Self {
            limiter: Arc::new(RateLimiter::dashmap(quota)),
            clock: DefaultClock::default(),
        }
    }

    /// The default: 30 refreshes a minute, 10 at once.
    pub fn standard() -> Self {
        Self::new(30, 10)
    }

    /// Charges one refresh to `user_id`; `Err(seconds)` to wait when the budget is spent.
    pub fn charge(&self, user_id: i64) -> Result<(), u64> {
        self.limiter
            .check_key(&user_id)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()).as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_who_spent_the_budget_waits_and_others_do_not() {
        let budget = RefreshBudget::new(1, 2);
        assert!(budget.charge(7).is_ok());
        assert!(budget.charge(7).is_ok());
        assert!(matches!(budget.charge(7), Err(s) if (1..=60).contains(&s)));
        assert!(
            budget.charge(8).is_ok(),
            "another member has their own budget"
        );
    }
}

//! Each integration's upstream rate budget: at most the admin's calls per minute from this
//! replica to the team's system (GCRA, `governor`). A call over it waits its turn for up to
//! [`MAX_WAIT`]; past that it is not made, and the card shows the last good answer or says when
//! the budget allows the next call. Cards for the same contact share one call (the cache's
//! coalescing) and use one unit of the budget. Per replica: N replicas send at most N times the
//! budget (`docs/ARCHITECTURE.md` says how to set it).

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The longest a call waits for its turn before the card is answered without it.
pub const MAX_WAIT: Duration = Duration::from_secs(2);

/// An integration's version and budget: a new one gets a fresh limiter.
type BudgetKey = (i64, i64, u32);

/// Every integration's budget on this replica (cheap to clone; clones share them).
#[derive(Debug, Clone, Default)]
pub struct UpstreamBudgets {
    limiters: Arc<Mutex<HashMap<BudgetKey, Arc<DefaultDirectRateLimiter>>>>,
}

impl UpstreamBudgets {
    /// Waits until integration `id` (at `version`, allowed `per_minute` calls; 0 = no budget)
    /// may call, up to `max_wait`; `Err(seconds)` until the budget allows one when it is longer.
    pub async fn acquire(
        &self,
        id: i64,
        version: i64,
        per_minute: u32,
        max_wait: Duration,
    ) -> Result<(), u64> {
        let Some(per_minute) = NonZeroU32::new(per_minute) else {
            return Ok(());
        };
        let limiter = {
            let Ok(mut limiters) = self.limiters.lock() else {
                return Ok(());
            };
            limiters
                .entry((id, version, per_minute.get()))
                .or_insert_with(|| Arc::new(RateLimiter::direct(Quota::per_minute(per_minute))))
                .clone()
        };
        let clock = DefaultClock::default();
        let started = std::time::Instant::now();
        loop {
            match limiter.check() {
                Ok(()) => return Ok(()),
                Err(not_until) => {
                    let wait = not_until.wait_time_from(clock.now());
                    if started.elapsed() + wait > max_wait {
                        return Err(wait.as_secs().max(1));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_budget_lets_its_calls_through_then_refuses_and_none_is_unlimited() {
        let budgets = UpstreamBudgets::default();
        let short = Duration::from_millis(50);
        for _ in 0..3 {
            assert_eq!(budgets.acquire(1, 1, 3, short).await, Ok(()));
        }
        assert!(matches!(budgets.acquire(1, 1, 3, short).await, Err(s) if s >= 1));
        assert_eq!(
            budgets.acquire(2, 1, 3, short).await,
            Ok(()),
            "per integration"
        );
        for _ in 0..100 {
            assert_eq!(budgets.acquire(3, 1, 0, short).await, Ok(()));
        }
    }
}

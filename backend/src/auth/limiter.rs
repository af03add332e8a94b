//! Login rate limiting: failed attempts are counted per account and per client address, and a key
//! that failed too often is refused until a quiet period has passed since its last failure.
//! In memory per replica: losing the counters on restart only forgives a few attempts.

use moka::sync::Cache;
use std::time::{Duration, Instant};

/// Counts failed logins per account and per address.
#[derive(Clone)]
pub struct LoginLimiter {
    failures: Cache<String, (u32, Instant)>,
    per_account: u32,
    per_address: u32,
    window: Duration,
}

impl LoginLimiter {
    /// A limiter allowing `per_account` failures per email and `per_address` per client address
    /// within `window` of the last failure.
    pub fn new(per_account: u32, per_address: u32, window: Duration) -> Self {
        let failures = Cache::builder()
            .max_capacity(100_000)
            .time_to_live(window)
            .build();
        Self {
            failures,
            per_account,
            per_address,
            window,
        }
    }

    /// The production defaults: 5 per account, 50 per address, 15 minutes.
    pub fn standard() -> Self {
        Self::new(5, 50, Duration::from_secs(15 * 60))
    }

    fn keys(email: &str, address: &str) -> [(String, bool); 2] {
        [
            (format!("account:{}", email.trim().to_lowercase()), true),
            (format!("address:{address}"), false),
        ]
    }

    /// `Err(seconds)` when either key is over its limit.
    pub fn check(&self, email: &str, address: &str) -> Result<(), u64> {
        for (key, is_account) in Self::keys(email, address) {
            let limit = if is_account {
                self.per_account
            } else {
                self.per_address
            };
            if let Some((count, last)) = self.failures.get(&key)
                && count >= limit
            {
                let waited = last.elapsed();
                return Err(self.window.saturating_sub(waited).as_secs().max(1));
            }
        }
        Ok(())
    }

    /// Records a failed attempt for both keys.
    pub fn record_failure(&self, email: &str, address: &str) {
        for (key, _) in Self::keys(email, address) {
            let count = self.failures.get(&key).map(|(c, _)| c).unwrap_or(0);
            self.failures
                .insert(key, (count.saturating_add(1), Instant::now()));
        }
    }

    /// Forgets the account's failures after a successful login (the address keeps its count).
    pub fn record_success(&self, email: &str, address: &str) {
        let [(account, _), _] = Self::keys(email, address);
        self.failures.invalidate(&account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_its_limit_and_unlocked_by_success() {
        let l = LoginLimiter::new(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.check("Ana@x.com", "1.2.3.4").is_ok());
            l.record_failure("ana@x.com", "1.2.3.4");
        }
        let wait = l.check("ana@x.com", "5.6.7.8");
        assert!(matches!(wait, Err(s) if s > 0 && s <= 60), "{wait:?}");
        assert!(
            l.check("bob@x.com", "1.2.3.4").is_ok(),
            "other accounts are not locked"
        );
        l.record_success("ana@x.com", "1.2.3.4");
        assert!(l.check("ana@x.com", "1.2.3.4").is_ok());
    }

    #[test]
    fn an_address_is_locked_across_accounts() {
        let l = LoginLimiter::new(100, 2, Duration::from_secs(60));
        l.record_failure("a@x.com", "9.9.9.9");
        l.record_failure("b@x.com", "9.9.9.9");
        assert!(l.check("c@x.com", "9.9.9.9").is_err());
        assert!(l.check("c@x.com", "8.8.8.8").is_ok());
    }
}

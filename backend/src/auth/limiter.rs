//! Login rate limiting. Every attempt reserves a place under its keys *before* the password is
//! hashed, atomically, so a burst of parallel guesses cannot slip past the limit while earlier
//! ones are still hashing; a success gives the places back. The keys:
//! - the account, for browsers it does not know (5 per 15 minutes);
//! - the browser's device cookie instead, for a browser that signed in to that account before
//!   (OWASP's device cookies): an attacker who locks the account does not lock its owner out;
//! - the client address (IPv6 by its /64, which one subscriber holds), 50 per 15 minutes.
//!
//! Hashing is also capped: at most one Argon2 run per hashing slot at once (one per core) (each takes
//! ~19 MiB and a blocking thread that DNS lookups and file I/O share); an attempt that finds no
//! slot within a second is refused with a short `Retry-After`, and its places are given back.
//! In memory per replica: losing the counters on restart only forgives a few attempts.

use moka::ops::compute::Op;
use moka::sync::Cache;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Who is trying to sign in: the address, and the device cookie's id when the browser sent a
/// valid one for this account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginClient {
    /// The client's address key (see [`address_key`]).
    pub address: String,
    /// The id of the browser's device cookie, when it is valid for the account tried.
    pub device: Option<String>,
}

impl LoginClient {
    /// A client known only by its address.
    pub fn at(address: IpAddr) -> Self {
        Self {
            address: address_key(address),
            device: None,
        }
    }
}

/// The key an address is counted under: IPv4 as it is, IPv6 by its /64 (an IPv4-mapped IPv6
/// address as the IPv4 one).
pub fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Why an attempt may not go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A key is over its limit; try again after this many seconds.
    Locked(u64),
    /// Every hashing slot stayed busy; try again after this many seconds.
    Busy(u64),
}

impl Refusal {
    /// Seconds until trying again makes sense.
    pub fn retry_after_secs(self) -> u64 {
        match self {
            Refusal::Locked(s) | Refusal::Busy(s) => s,
        }
    }
}

/// A place among the concurrent password hashes. It moves into the blocking task that hashes
/// and is released when that hash ends, never earlier: a client that gives up mid-hash leaves
/// its slot taken until the work it started is done.
#[must_use = "a hashing slot caps the hashes running; move it into the hash"]
pub struct HashSlot {
    _permit: OwnedSemaphorePermit,
    running: Arc<AtomicUsize>,
}

impl HashSlot {
    /// Counts a hash as running in this limiter until the returned guard drops. Kept apart from
    /// the slot itself, so the count is of hashes, whatever happens to the slot.
    pub(crate) fn running(&self) -> Running {
        self.running.fetch_add(1, Ordering::SeqCst);
        Running(self.running.clone())
    }
}

/// A hash counted as running (see [`HashSlot::running`]).
pub(crate) struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An attempt that holds its places under its keys, and the hashing slot it may use. Dropping
/// it keeps the places (the attempt counts as a failure); [`Reservation::succeeded`] gives them
/// back.
#[must_use = "an attempt holds a hashing slot until it is dropped or the slot is taken"]
pub struct Reservation {
    limiter: LoginLimiter,
    keys: Vec<String>,
    slot: Option<HashSlot>,
}

impl Reservation {
    /// The hashing slot, to move into the hash (`None` once taken).
    pub fn hash_slot(&mut self) -> Option<HashSlot> {
        self.slot.take()
    }

    /// The credentials were right: the account's (or device's) failures are forgiven, and the
    /// address gets its place back (its earlier failures still count).
    pub fn succeeded(self) {
        if let Some((who, rest)) = self.keys.split_first() {
            self.limiter.failures.invalidate(who);
            rest.iter().for_each(|k| self.limiter.give_back(k));
        }
    }
}

/// Counts login attempts per account (or device) and per address, and caps concurrent hashing.
#[derive(Clone)]
pub struct LoginLimiter {
    failures: Cache<String, (u32, Instant)>,
    per_account: u32,
    per_address: u32,
    window: Duration,
    slots: Arc<Semaphore>,
    slot_wait: Duration,
    /// Hashes running now in this limiter's slots.
    hashing: Arc<AtomicUsize>,
}

impl LoginLimiter {
    /// A limiter allowing `per_account` attempts per account (or trusted device) and
    /// `per_address` per client address within `window` of the last one, with `hash_slots`
    /// concurrent password hashes.
    pub fn new(per_account: u32, per_address: u32, window: Duration, hash_slots: usize) -> Self {
        let failures = Cache::builder()
            .max_capacity(100_000)
            .time_to_live(window)
            .build();
        Self {
            failures,
            per_account,
            per_address,
            window,
            slots: Arc::new(Semaphore::new(hash_slots.max(1))),
            slot_wait: Duration::from_secs(1),
            hashing: Arc::default(),
        }
    }

    /// The production defaults: 5 per account, 50 per address, 15 minutes, one hashing slot per
    /// core (at least 2).
    pub fn standard() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new(5, 50, Duration::from_secs(15 * 60), cores.max(2))
    }

    /// Password hashes running now in this limiter's slots (never more than its slots).
    pub fn hashes_running(&self) -> usize {
        self.hashing.load(Ordering::SeqCst)
    }

    fn keys(&self, email: &str, client: &LoginClient) -> [(String, u32); 2] {
        let who = match &client.device {
            Some(device) => format!("device:{device}"),
            None => format!("account:{}", email.trim().to_lowercase()),
        };
        [
            (who, self.per_account),
            (format!("address:{}", client.address), self.per_address),
        ]
    }

    /// Takes one place under `key` if it has one left, atomically; `Err(seconds)` otherwise.
    fn take(&self, key: &str, limit: u32) -> Result<(), u64> {
        let mut refused = None;
        let window = self.window;
        self.failures
            .entry(key.to_string())
            .and_compute_with(|current| match current.map(|e| e.into_value()) {
                Some((count, last)) if count >= limit => {
                    refused = Some(window.saturating_sub(last.elapsed()).as_secs().max(1));
                    Op::Nop
                }
                Some((count, _)) => Op::Put((count.saturating_add(1), Instant::now())),
                None => Op::Put((1, Instant::now())),
            });
        refused.map_or(Ok(()), Err)
    }

    /// Gives one place under `key` back.
    fn give_back(&self, key: &str) {
        self.failures
            .entry(key.to_string())
            .and_compute_with(|current| match current.map(|e| e.into_value()) {
                Some((count, _)) if count <= 1 => Op::Remove,
                Some((count, last)) => Op::Put((count - 1, last)),
                None => Op::Nop,
            });
    }

    /// Reserves an attempt to sign in to `email` from `client`: a place under each key, then a
    /// hashing slot. Nothing is held when it is refused.
    pub async fn reserve(&self, email: &str, client: &LoginClient) -> Result<Reservation, Refusal> {
        let keys = self.keys(email, client);
        let mut taken: Vec<String> = Vec::with_capacity(keys.len());
        for (key, limit) in keys {
            if let Err(wait) = self.take(&key, limit) {
                taken.iter().for_each(|k| self.give_back(k));
                return Err(Refusal::Locked(wait));
            }
            taken.push(key);
        }
        match tokio::time::timeout(self.slot_wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => Ok(Reservation {
                limiter: self.clone(),
                keys: taken,
                slot: Some(HashSlot {
                    _permit: slot,
                    running: self.hashing.clone(),
                }),
            }),
            Ok(Err(_)) | Err(_) => {
                taken.iter().for_each(|k| self.give_back(k));
                Err(Refusal::Busy(1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    fn client(address: &str) -> LoginClient {
        LoginClient {
            address: address.into(),
            device: None,
        }
    }

    #[tokio::test]
    async fn an_account_is_locked_after_its_limit_and_unlocked_by_success() {
        let l = LoginLimiter::new(3, 100, Duration::from_secs(60), 2);
        for _ in 0..3 {
            let failed = l.reserve("Ana@x.com", &client("1.2.3.4")).await;
            assert!(failed.is_ok());
        }
        let wait = l.reserve("ana@x.com", &client("5.6.7.8")).await.err();
        assert!(
            matches!(wait, Some(Refusal::Locked(s)) if s > 0 && s <= 60),
            "{wait:?}"
        );
        assert!(
            l.reserve("bob@x.com", &client("1.2.3.4")).await.is_ok(),
            "other accounts are not locked"
        );
        let l = LoginLimiter::new(3, 100, Duration::from_secs(60), 2);
        for _ in 0..2 {
            drop(l.reserve("ana@x.com", &client("1.2.3.4")).await);
        }
        if let Ok(r) = l.reserve("ana@x.com", &client("1.2.3.4")).await {
            r.succeeded();
        }
        for _ in 0..3 {
            assert!(l.reserve("ana@x.com", &client("1.2.3.4")).await.is_ok());
        }
    }

    #[tokio::test]
    async fn an_address_is_locked_across_accounts() {
        let l = LoginLimiter::new(100, 2, Duration::from_secs(60), 2);
        drop(l.reserve("a@x.com", &client("9.9.9.9")).await);
        drop(l.reserve("b@x.com", &client("9.9.9.9")).await);
        assert!(l.reserve("c@x.com", &client("9.9.9.9")).await.is_err());
        assert!(l.reserve("c@x.com", &client("8.8.8.8")).await.is_ok());
    }

    #[tokio::test]
    async fn a_known_device_keeps_its_own_count_while_the_account_is_locked() {
        let l = LoginLimiter::new(2, 100, Duration::from_secs(60), 2);
        for _ in 0..2 {
            drop(l.reserve("ana@x.com", &client("6.6.6.6")).await);
        }
        assert!(l.reserve("ana@x.com", &client("7.7.7.7")).await.is_err());
        let owner = LoginClient {
            address: "7.7.7.7".into(),
            device: Some("d1".into()),
        };
        assert!(l.reserve("ana@x.com", &owner).await.is_ok());
    }

    #[tokio::test]
    async fn a_refused_attempt_holds_nothing() {
        let l = LoginLimiter::new(1, 1, Duration::from_secs(60), 2);
        drop(l.reserve("a@x.com", &client("9.9.9.9")).await);
        for _ in 0..5 {
            assert!(l.reserve("b@x.com", &client("9.9.9.9")).await.is_err());
        }
        // The refusals took none of b's one place: from another address b may still try.
        assert!(l.reserve("b@x.com", &client("1.1.1.1")).await.is_ok());
    }

    #[tokio::test]
    async fn when_every_hashing_slot_is_busy_an_attempt_is_refused_and_gives_its_places_back() {
        let l = LoginLimiter::new(1, 100, Duration::from_millis(60_000), 1);
        let holding = l.reserve("a@x.com", &client("1.1.1.1")).await;
        assert!(holding.is_ok());
        let busy = l.reserve("b@x.com", &client("2.2.2.2")).await.err();
        assert_eq!(busy, Some(Refusal::Busy(1)));
        drop(holding);
        assert!(
            l.reserve("b@x.com", &client("2.2.2.2")).await.is_ok(),
            "b's place was given back"
        );
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        let other: IpAddr = "2001:db8:1:3::1"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(other));
        let mapped: IpAddr = "::ffff:203.0.113.9"
            .parse()
            .unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert_eq!(address_key(mapped), "203.0.113.9");
    }
}

//! The integration result cache (per process; it is only a cache). An entry is one API answer,
//! keyed by team, integration, the integration's version and a hash of the fully resolved request,
//! so two teams never share an entry, an edit never reuses an old answer, and two contacts share
//! one only when their requests are byte-for-byte the same. Entries live for their integration's
//! cache duration; concurrent misses of one key make a single upstream call; memory is bounded by
//! the answers' size. Failed calls are never kept.
//!
//! Beside the fresh answers, the last good answer of each key is kept for its cache duration plus
//! the integration's stale limit: when a later call fails because the API is not answering, the
//! card shows it, labelled, instead of the error ([`ResultCache::last_good`]). It is never served
//! as fresh, and clearing an integration's cache forgets it too.

use chrono::{DateTime, Utc};
use model::integration::view::CacheUsage;
use moka::Expiry;
use moka::future::Cache;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Everything a cached answer depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// The team.
    pub team_id: i64,
    /// The integration.
    pub integration_id: i64,
    /// Its version (bumped on every edit).
    pub version: i64,
    /// SHA-256 of method, URL, headers and body as sent.
    pub request: [u8; 32],
}

/// A request's identity for the cache: its SHA-256, so credentials are never kept as text.
pub fn request_hash(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> [u8; 32] {
    let mut h = Sha256::new();
    // Length prefixes keep the parts apart: no two different requests hash the same input.
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    part(method.as_bytes());
    part(url.as_bytes());
    for (name, value) in headers {
        part(name.to_ascii_lowercase().as_bytes());
        part(value.as_bytes());
    }
    part(body.unwrap_or_default());
    h.finalize().into()
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The status code (2xx).
    pub http_status: u16,
    /// JSON, or a string for text answers.
    pub data: Value,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// How long the call took.
    pub duration_ms: u64,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// How long it may be kept.
    pub keep_for: Duration,
    /// How long after that it may still be shown when the API fails.
    pub stale_for: Duration,
    /// Bytes of the answer (the cache's weight).
    pub size: usize,
}

struct KeepFor;

impl Expiry<CacheKey, Arc<Fetched>> for KeepFor {
    fn expire_after_create(
        &self,
        _key: &CacheKey,
        value: &Arc<Fetched>,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(value.keep_for)
    }
}

struct KeepAsLastGood;

impl Expiry<CacheKey, Arc<Fetched>> for KeepAsLastGood {
    fn expire_after_create(
        &self,
        _key: &CacheKey,
        value: &Arc<Fetched>,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(value.keep_for.saturating_add(value.stale_for))
    }
}

/// The shared cache (cheap to clone; clones share it).
#[derive(Clone)]
pub struct ResultCache {
    entries: Cache<CacheKey, Arc<Fetched>>,
    /// The last good answer per key, kept into its stale window.
    last_good: Cache<CacheKey, Arc<Fetched>>,
    /// Hits and misses by integration id.
    counts: Arc<Mutex<HashMap<i64, (u64, u64)>>>,
}

impl std::fmt::Debug for ResultCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultCache")
            .field("entries", &self.entries.entry_count())
            .finish()
    }
}

impl ResultCache {
    /// A cache of about `megabytes` MiB of answers.
    pub fn new(megabytes: u32) -> Self {
        // The key, the Arc and the JSON tree's own overhead, roughly.
        let weight = |_key: &CacheKey, value: &Arc<Fetched>| {
            u32::try_from(value.size.saturating_add(256)).unwrap_or(u32::MAX)
        };
        let capacity = u64::from(megabytes.max(1)) * 1024 * 1024;
        let entries = Cache::builder()
            .max_capacity(capacity)
            .weigher(weight)
            .expire_after(KeepFor)
            .build();
        // Mostly the same answers (one allocation, two handles); its own budget all the same.
        let last_good = Cache::builder()
            .max_capacity(capacity)
            .weigher(weight)
            .expire_after(KeepAsLastGood)
            .build();
        Self {
            entries,
            last_good,
            counts: Arc::default(),
        }
    }

    /// Keeps `value` as the last good answer for `key` (when its integration keeps any).
    pub async fn remember(&self, key: CacheKey, value: Arc<Fetched>) {
        if !value.stale_for.is_zero() {
            self.last_good.insert(key, value).await;
        }
    }

    /// The fresh answer kept for `key`, if any (not counted as a hit: for diagnosis).
    pub async fn peek(&self, key: &CacheKey) -> Option<Arc<Fetched>> {
        self.entries.get(key).await
    }

    /// Whether a fresh answer is kept for `key` (not counted as a hit).
    pub async fn has_fresh(&self, key: &CacheKey) -> bool {
        self.entries.contains_key(key)
    }

    /// The last good answer for `key`, if it is still within its stale window at `now`.
    pub async fn last_good(&self, key: &CacheKey, now: DateTime<Utc>) -> Option<Arc<Fetched>> {
        let found = self.last_good.get(key).await?;
        let window = found.keep_for.saturating_add(found.stale_for);
        let age = (now - found.fetched_at).to_std().unwrap_or_default();
        (age <= window).then_some(found)
    }

    /// The kept answer for `key`, or the one `fetch` makes; concurrent callers of one missing key
    /// share one `fetch`. The flag is true when the answer was already there (or made by another
    /// caller). A failed fetch is returned to every waiter and nothing is kept.
    pub async fn get_or_fetch<F, E>(
        &self,
        key: CacheKey,
        fetch: F,
    ) -> Result<(Arc<Fetched>, bool), Arc<E>>
    where
        F: std::future::Future<Output = Result<Fetched, E>>,
        E: Send + Sync + 'static,
    {
        let entry = self
            .entries
            .entry(key)
            .or_try_insert_with(async { fetch.await.map(Arc::new) })
            .await?;
        let fresh = entry.is_fresh();
        if fresh {
            self.remember(entry.key().clone(), entry.value().clone())
                .await;
        }
        if let Ok(mut counts) = self.counts.lock() {
            let (hits, misses) = counts.entry(entry.key().integration_id).or_default();
            if fresh {
                *misses += 1;
            } else {
                *hits += 1;
            }
        }
        Ok((entry.into_value(), !fresh))
    }

    /// What is kept for integration `integration_id`, and its hits and misses since start.
    pub async fn usage(&self, integration_id: i64) -> CacheUsage {
        self.entries.run_pending_tasks().await;
        let entries = self
            .entries
            .iter()
            .filter(|(k, _)| k.integration_id == integration_id)
            .count();
        let (hits, misses) = self
            .counts
            .lock()
            .map(|c| c.get(&integration_id).copied().unwrap_or_default())
            .unwrap_or_default();
        CacheUsage {
            entries: u64::try_from(entries).unwrap_or(u64::MAX),
            hits,
            misses,
        }
    }

    /// Forgets integration `integration_id`'s answers: all of them, or those to the requests
    /// in `requests`; returns how many were kept.
    pub async fn clear(&self, integration_id: i64, requests: Option<&[[u8; 32]]>) -> u64 {
        let fresh = forget(&self.entries, integration_id, requests).await;
        forget(&self.last_good, integration_id, requests).await;
        fresh
    }

    /// Replaces the entry for `key` (a refresh); it is the last good answer too.
    pub async fn put(&self, key: CacheKey, value: Arc<Fetched>) {
        self.remember(key.clone(), value.clone()).await;
        self.entries.insert(key, value).await;
    }

    /// Entries kept now (after pending maintenance), for tests and metrics.
    pub async fn len(&self) -> u64 {
        self.entries.run_pending_tasks().await;
        self.entries.entry_count()
    }

    /// Whether nothing is kept.
    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

/// Forgets `integration_id`'s entries of `cache` (those to `requests`, or all); how many.
async fn forget(
    cache: &Cache<CacheKey, Arc<Fetched>>,
    integration_id: i64,
    requests: Option<&[[u8; 32]]>,
) -> u64 {
    let doomed: Vec<Arc<CacheKey>> = cache
        .iter()
        .filter(|(k, _)| {
            k.integration_id == integration_id && requests.is_none_or(|r| r.contains(&k.request))
        })
        .map(|(k, _)| k)
        .collect();
    for key in &doomed {
        cache.invalidate(key.as_ref()).await;
    }
    u64::try_from(doomed.len()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn key(team: i64, version: i64) -> CacheKey {
        CacheKey {
            team_id: team,
            integration_id: 1,
            version,
            request: request_hash("GET", "https://a.example/x", &[], None),
        }
    }

    fn answer(ms: u64) -> Fetched {
        Fetched {
            http_status: 200,
            data: Value::from(ms),
            content_type: None,
            duration_ms: ms,
            fetched_at: Utc::now(),
            keep_for: Duration::from_secs(60),
            stale_for: Duration::from_secs(24 * 3600),
            size: 10,
        }
    }

    #[tokio::test]
    async fn the_last_good_answer_is_kept_through_its_stale_window_and_no_longer() {
        let cache = ResultCache::new(1);
        let fetched = Arc::new(answer(3));
        cache
            .get_or_fetch(key(1, 1), async { Ok::<_, String>((*fetched).clone()) })
            .await
            .map_err(|e| e.to_string())
            .expect("fetched");
        let at = fetched.fetched_at;
        let within = at + chrono::Duration::hours(24);
        let past = at + chrono::Duration::hours(24) + chrono::Duration::minutes(2);
        assert!(cache.last_good(&key(1, 1), within).await.is_some());
        assert!(
            cache.last_good(&key(1, 1), past).await.is_none(),
            "past its limit"
        );
        assert!(
            cache.last_good(&key(1, 2), within).await.is_none(),
            "another version"
        );

        // An integration that keeps none (stale limit 0) leaves nothing; clearing forgets it.
        let none = Fetched {
            stale_for: Duration::ZERO,
            ..answer(4)
        };
        cache.put(key(2, 1), Arc::new(none)).await;
        assert!(cache.last_good(&key(2, 1), Utc::now()).await.is_none());
        cache.clear(1, None).await;
        assert!(
            cache.last_good(&key(1, 1), within).await.is_none(),
            "cleared"
        );
    }

    #[test]
    fn request_hashes_separate_parts_and_ignore_header_name_case() {
        let a = request_hash("GET", "https://a/x", &[("K".into(), "v".into())], None);
        let b = request_hash("GET", "https://a/x", &[("k".into(), "v".into())], None);
        let c = request_hash("GET", "https://a/xK", &[("".into(), "v".into())], None);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, request_hash("GET", "https://a/x", &[], Some(b"kv")));
    }

    #[tokio::test]
    async fn concurrent_misses_share_one_fetch_and_failures_are_not_kept() {
        let cache = ResultCache::new(1);
        let calls = Arc::new(AtomicU32::new(0));
        let runs = (0..50).map(|_| {
            let calls = calls.clone();
            let cache = cache.clone();
            async move {
                cache
                    .get_or_fetch(key(1, 1), async move {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok::<_, String>(answer(20))
                    })
                    .await
            }
        });
        let results = futures_util::future::join_all(runs).await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let from_cache = results
            .iter()
            .filter(|r| matches!(r, Ok((_, true))))
            .count();
        assert_eq!(from_cache, 49, "all but the caller that fetched");

        let failed = cache
            .get_or_fetch(key(2, 1), async { Err::<Fetched, _>("down".to_string()) })
            .await;
        assert_eq!(failed.err().as_deref().map(String::as_str), Some("down"));
        let retried = cache
            .get_or_fetch(key(2, 1), async { Ok::<_, String>(answer(5)) })
            .await;
        assert!(
            matches!(retried, Ok((_, false))),
            "the failure was not kept"
        );
        assert!(
            matches!(
                cache
                    .get_or_fetch(key(1, 2), async { Ok::<_, String>(answer(7)) })
                    .await,
                Ok((_, false))
            ),
            "another version is another entry"
        );
    }

    #[tokio::test]
    async fn entries_expire_after_their_own_duration() {
        let cache = ResultCache::new(1);
        let mut short = answer(1);
        short.keep_for = Duration::from_millis(30);
        let _ = cache
            .get_or_fetch(key(1, 1), async move { Ok::<_, String>(short) })
            .await;
        tokio::time::sleep(Duration::from_millis(80)).await;
        let again = cache
            .get_or_fetch(key(1, 1), async { Ok::<_, String>(answer(2)) })
            .await;
        assert!(matches!(again, Ok((_, false))));
    }
}

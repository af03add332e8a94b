//! How an integration is doing: per-minute tallies of its calls (how many, how many failed, how
//! long they took as a latency histogram), cache hits, stale answers served and breaker openings,
//! added up over a window for the health console, with a chart of calls and failures.
//!
//! Invariants: a tally only ever grows by [`Tally::add`], which is commutative and associative
//! (so minutes written by several replicas add up in any order); latency is kept as counts per
//! fixed bucket ([`LATENCY_BOUNDS_MS`], the same the `/metrics` histogram uses), so p50 and p95
//! are estimates within a bucket, never more precise than the bucket they fall in.

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::{Deserialize, Serialize};

/// Upper bounds of the latency buckets, in milliseconds; one more bucket holds what is slower.
pub const LATENCY_BOUNDS_MS: [u64; 11] =
    [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

/// Number of latency buckets (one per bound, and one above the last).
pub const BUCKETS: usize = LATENCY_BOUNDS_MS.len() + 1;

/// Failures shown per integration in the console.
pub const LAST_FAILURES: usize = 5;

template::string_enum!(
    /// The span the console adds up.
    pub enum HealthWindow {
        /// The last hour, in 5-minute bars.
        Hour => "1h" as "Last hour",
        /// The last 24 hours, in hourly bars.
        Day => "24h" as "Last 24 hours",
        /// The last 7 days, in 6-hour bars.
        Week => "7d" as "Last 7 days",
    }
);

impl HealthWindow {
    /// How far back it reaches.
    pub fn span(self) -> Duration {
        match self {
            HealthWindow::Hour => Duration::hours(1),
            HealthWindow::Day => Duration::hours(24),
            HealthWindow::Week => Duration::days(7),
        }
    }

    /// The span of one bar of its chart.
    pub fn bar(self) -> Duration {
        match self {
            HealthWindow::Hour => Duration::minutes(5),
            HealthWindow::Day => Duration::hours(1),
            HealthWindow::Week => Duration::hours(6),
        }
    }
}

/// What happened to one integration in some span: calls and their latency, cache hits, stale
/// answers and breaker openings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Calls made to the API (answers from the cache and calls a breaker or budget refused are
    /// not calls).
    pub calls: u64,
    /// Calls that gave no answer to show.
    pub failures: u64,
    /// Cards answered from the cache.
    pub cache_hits: u64,
    /// Cards that showed the last good answer because the API was not answering.
    pub stale_served: u64,
    /// Times the breaker opened.
    pub breaker_openings: u64,
    /// Calls per latency bucket ([`LATENCY_BOUNDS_MS`]); shorter than [`BUCKETS`] means zeros.
    #[serde(default)]
    pub latency: Vec<u64>,
}

/// The bucket a call of `ms` milliseconds falls in.
pub fn bucket_of(ms: u64) -> usize {
    LATENCY_BOUNDS_MS
        .iter()
        .position(|bound| ms <= *bound)
        .unwrap_or(LATENCY_BOUNDS_MS.len())
}

impl Tally {
    /// Counts a call that took `ms` and answered (`ok`) or not.
    pub fn call(&mut self, ok: bool, ms: u64) {
        self.calls += 1;
        if !ok {
            self.failures += 1;
        }
        self.latency.resize(BUCKETS, 0);
        self.latency[bucket_of(ms)] += 1;
    }

    /// Adds `other` to this one.
    pub fn add(&mut self, other: &Tally) {
        self.calls += other.calls;
        self.failures += other.failures;
        self.cache_hits += other.cache_hits;
        self.stale_served += other.stale_served;
        self.breaker_openings += other.breaker_openings;
        if self.latency.len() < other.latency.len() {
            self.latency.resize(other.latency.len(), 0);
        }
        for (mine, theirs) in self.latency.iter_mut().zip(&other.latency) {
            *mine += theirs;
        }
    }

    /// Calls that answered.
    pub fn successes(&self) -> u64 {
        self.calls.saturating_sub(self.failures)
    }

    /// Share of calls that answered (none without calls).
    pub fn success_rate(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.successes() as f64 / self.calls as f64)
    }

    /// Share of cards answered from the cache rather than by a call (none without either).
    pub fn cache_hit_ratio(&self) -> Option<f64> {
        let asked = self.cache_hits + self.calls;
        (asked > 0).then(|| self.cache_hits as f64 / asked as f64)
    }

    /// The latency below which a share `q` (0–1) of calls fell, estimated within its bucket
    /// (linearly between the bucket's bounds; the bucket above the last bound reports that
    /// bound). None without calls.
    pub fn percentile_ms(&self, q: f64) -> Option<u64> {
        let total: u64 = self.latency.iter().sum();
        if total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * total as f64).ceil() as u64).max(1);
        let mut below = 0;
        for (i, count) in self.latency.iter().enumerate() {
            if *count > 0 && below + count >= rank {
                let lower = if i == 0 { 0 } else { LATENCY_BOUNDS_MS[i - 1] };
                let Some(upper) = LATENCY_BOUNDS_MS.get(i) else {
                    return Some(lower);
                };
                let within = (rank - below) as f64 / *count as f64;
                return Some(lower + ((upper - lower) as f64 * within).round() as u64);
            }
            below += count;
        }
        LATENCY_BOUNDS_MS.last().copied()
    }
}

/// One bar of the chart: calls and failures in the span that starts at `start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthPoint {
    /// Where its span starts.
    pub start: DateTime<Utc>,
    /// Calls in it.
    pub calls: u64,
    /// Of which failed.
    pub failures: u64,
}

/// One of the last failed calls, in an agent's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthFailure {
    /// When.
    pub at: DateTime<Utc>,
    /// The API's status, when it answered.
    pub http_status: Option<u16>,
    /// What went wrong.
    pub reason: String,
}

/// One integration over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrationHealth {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Whether it runs for agents.
    pub is_active: bool,
    /// Everything in the window added up.
    pub tally: Tally,
    /// The chart's bars, oldest first.
    pub points: Vec<HealthPoint>,
    /// The last failed calls, newest first (at most [`LAST_FAILURES`]).
    pub last_failures: Vec<HealthFailure>,
}

/// The team's integrations over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthReport {
    /// The window.
    pub window: HealthWindow,
    /// Its end (now, when asked).
    pub until: DateTime<Utc>,
    /// Every integration of the team, in name order.
    pub integrations: Vec<IntegrationHealth>,
}

/// The first minute a window ending at `now` covers (whole minutes, so a minute is in or out).
pub fn window_start(window: HealthWindow, now: DateTime<Utc>) -> DateTime<Utc> {
    minute_of(now - window.span()) + Duration::minutes(1)
}

/// The minute `at` falls in.
pub fn minute_of(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::minutes(1)).unwrap_or(at)
}

/// The chart of `minutes` (tallies by the minute they are for) over `window` ending at `now`:
/// one bar per [`HealthWindow::bar`], oldest first, empty bars included; minutes outside the
/// window are left out.
pub fn chart(
    window: HealthWindow,
    now: DateTime<Utc>,
    minutes: &[(DateTime<Utc>, Tally)],
) -> Vec<HealthPoint> {
    let bar = window.bar();
    let bars = (window.span().num_minutes() / bar.num_minutes()).max(1);
    let end = minute_of(now) + Duration::minutes(1);
    let first = end - bar * i32::try_from(bars).unwrap_or(1);
    let mut points: Vec<HealthPoint> = (0..bars)
        .map(|i| HealthPoint {
            start: first + bar * i32::try_from(i).unwrap_or(0),
            calls: 0,
            failures: 0,
        })
        .collect();
    for (minute, tally) in minutes {
        if *minute < first || *minute >= end {
            continue;
        }
        let index = ((*minute - first).num_minutes() / bar.num_minutes()) as usize;
        if let Some(point) = points.get_mut(index) {
            point.calls += tally.calls;
            point.failures += tally.failures;
        }
    }
    points
}

/// One bar as drawn: where it sits and how tall its calls and failures are, in chart units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Width.
    pub width: f64,
    /// Height of all calls (drawn from the bottom).
    pub calls: f64,
    /// Height of the failed part (drawn from the bottom, over the calls).
    pub failures: f64,
}

/// The bars of `points` in a `width` × `height` chart, scaled to the busiest bar, with a gap of a
/// fifth of a bar between bars.
pub fn bars(points: &[HealthPoint], width: f64, height: f64) -> Vec<Bar> {
    let most = points.iter().map(|p| p.calls).max().unwrap_or(0).max(1) as f64;
    let step = width / points.len().max(1) as f64;
    points
        .iter()
        .enumerate()
        .map(|(i, p)| Bar {
            x: i as f64 * step,
            width: step * 0.8,
            calls: height * p.calls as f64 / most,
            failures: height * p.failures.min(p.calls) as f64 / most,
        })
        .collect()
}

/// "98.5 %" for a share, "—" for none.
pub fn percent_text(share: Option<f64>) -> String {
    match share {
        Some(s) => {
            let p = s * 100.0;
            if p >= 99.95 || p == 0.0 {
                format!("{p:.0} %")
            } else {
                format!("{p:.1} %")
            }
        }
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests;

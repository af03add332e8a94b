//! What an operator scrapes at `/metrics`: this replica's counters, histograms and gauges in the
//! OpenMetrics text format, kept by the Prometheus project's Rust client (`prometheus-client`).
//!
//! Invariants:
//! - Labels carry team and integration ids, integration names (an admin's words) and closed
//!   vocabularies (outcomes, status classes) — **never contact data**: no email, no variable
//!   value, no resolved URL. A family takes only the label structs below, so nothing else can be
//!   passed.
//! - Every figure is this replica's since it started (Prometheus sums replicas); the two gauges
//!   that are facts about now — the webhook outbox's depth (shared, read from the database) and
//!   this replica's open live streams — are set by the scrape just before it is written.
//! - Recording never blocks and never fails: a counter is an atomic, a family's lookup a short
//!   read lock.

use model::integration::health::LATENCY_BOUNDS_MS;
use model::integration::stale::FailureKind;
use model::webhook::DeliveryStatus;
use prometheus_client::encoding::{EncodeLabelSet, text::encode};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Metric, Registry};
use std::sync::Arc;

/// Which integration a figure is about.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct IntegrationLabels {
    /// The team it belongs to.
    pub team_id: i64,
    /// Its id.
    pub integration_id: i64,
    /// Its name, as the admin wrote it.
    pub integration: String,
}

impl IntegrationLabels {
    /// The labels of `integration_id` of `team_id`, named `name`.
    pub fn new(team_id: i64, integration_id: i64, name: &str) -> Self {
        IntegrationLabels {
            team_id,
            integration_id,
            integration: name.to_string(),
        }
    }
}

/// An integration call and how it ended: `ok`, or the failure kind (`status`, `timed_out`,
/// `unreachable`, `blocked`, `over_budget`, `other`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    team_id: i64,
    integration_id: i64,
    integration: String,
    outcome: String,
}

/// An answer a card got without a call of its own, or with one.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    team_id: i64,
    integration_id: i64,
    integration: String,
    /// `hit` (a fresh kept answer) or `miss` (the card needed a call).
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClassLabels {
    class: String,
}

/// Whether a card's answer came from the fresh cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    /// A kept answer within its cache time.
    Hit,
    /// The card needed a call (made, shared with another card, refused or failed).
    Miss,
}

/// The process's figures (cheap to clone; clones share them).
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    http_responses: Family<ClassLabels, Counter>,
    calls: Family<CallLabels, Counter>,
    call_seconds: Family<IntegrationLabels, Histogram, fn() -> Histogram>,
    cache: Family<CacheLabels, Counter>,
    stale_served: Family<IntegrationLabels, Counter>,
    breaker_open: Family<IntegrationLabels, Gauge>,
    webhook_attempts: Family<OutcomeLabels, Counter>,
    outbox_depth: Gauge,
    live_streams: Gauge,
}

/// `metric`, registered in `registry` as `name`.
fn registered<M: Metric + Clone>(registry: &mut Registry, name: &str, help: &str, metric: M) -> M {
    registry.register(name, help, metric.clone());
    metric
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BOUNDS_MS.iter().map(|ms| *ms as f64 / 1000.0))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every family, registered and empty.
    pub fn new() -> Self {
        let mut r = Registry::default();
        let http_responses = registered(
            &mut r,
            "chatlane_http_responses",
            "HTTP responses by status class",
            Family::default(),
        );
        let calls = registered(
            &mut r,
            "chatlane_integration_calls",
            "Calls to an integration's API by outcome (ok, or why it failed)",
            Family::default(),
        );
        let call_seconds = registered(
            &mut r,
            "chatlane_integration_call_duration_seconds",
            "How long an integration's API took to answer or fail",
            Family::new_with_constructor(latency_histogram as fn() -> Histogram),
        );
        let cache = registered(
            &mut r,
            "chatlane_integration_cache_requests",
            "Cards answered from the fresh cache (hit) or needing a call (miss)",
            Family::default(),
        );
        let stale_served = registered(
            &mut r,
            "chatlane_integration_stale_answers",
            "Cards shown an earlier answer because the API was not answering",
            Family::default(),
        );
        let breaker_open = registered(
            &mut r,
            "chatlane_integration_breaker_open",
            "1 while this replica's circuit breaker for the integration is open, else 0",
            Family::default(),
        );
        let webhook_attempts = registered(
            &mut r,
            "chatlane_webhook_deliveries",
            "Webhook delivery attempts by outcome: succeeded; retrying (failed, another attempt is scheduled); failed (given up, or the webhook is switched off)",
            Family::default(),
        );
        let outbox_depth = registered(
            &mut r,
            "chatlane_webhook_outbox_depth",
            "Webhook deliveries waiting to be sent, every replica's",
            Gauge::default(),
        );
        let live_streams = registered(
            &mut r,
            "chatlane_live_streams",
            "Live event streams open on this replica",
            Gauge::default(),
        );
        let registry = r;
        Metrics {
            inner: Arc::new(Inner {
                registry,
                http_responses,
                calls,
                call_seconds,
                cache,
                stale_served,
                breaker_open,
                webhook_attempts,
                outbox_depth,
                live_streams,
            }),
        }
    }

    /// A response with `status` was sent.
    pub fn http_response(&self, status: u16) {
        let class = format!("{}xx", (status / 100).clamp(1, 5));
        self.inner
            .http_responses
            .get_or_create(&ClassLabels { class })
            .inc();
    }

    /// A call to the integration's API ended after `seconds`, answering or failing with `failed`.
    pub fn integration_call(
        &self,
        labels: &IntegrationLabels,
        failed: Option<FailureKind>,
        seconds: f64,
    ) {
        let outcome = failed.map_or("ok", |kind| kind.as_str()).to_string();
        self.inner
            .calls
            .get_or_create(&CallLabels {
                team_id: labels.team_id,
                integration_id: labels.integration_id,
                integration: labels.integration.clone(),
                outcome,
            })
            .inc();
        self.inner
            .call_seconds
            .get_or_create(labels)
            .observe(seconds);
    }

    /// A card of the integration got its answer from the cache, or needed a call.
    pub fn integration_cache(&self, labels: &IntegrationLabels, used: CacheUse) {
        let result = match used {
            CacheUse::Hit => "hit",
            CacheUse::Miss => "miss",
        };
        self.inner
            .cache
            .get_or_create(&CacheLabels {
                team_id: labels.team_id,
                integration_id: labels.integration_id,
                integration: labels.integration.clone(),
                result: result.to_string(),
            })
            .inc();
    }

    /// A card of the integration was shown an earlier answer.
    pub fn stale_served(&self, labels: &IntegrationLabels) {
        self.inner.stale_served.get_or_create(labels).inc();
    }

    /// The integration's breaker opened (`true`) or closed.
    pub fn breaker(&self, labels: &IntegrationLabels, open: bool) {
        self.inner
            .breaker_open
            .get_or_create(labels)
            .set(i64::from(open));
    }

    /// A webhook delivery attempt ended: succeeded, will be retried (`Pending`) or given up.
    pub fn webhook_delivery(&self, status: DeliveryStatus) {
        let outcome = match status {
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Pending => "retrying",
            DeliveryStatus::Failed => "failed",
        };
        self.inner
            .webhook_attempts
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_string(),
            })
            .inc();
    }

    /// The exposition, with the two gauges about now set first: `outbox_depth` deliveries
    /// waiting and `live_streams` open here.
    pub fn render(&self, outbox_depth: u64, live_streams: usize) -> String {
        self.inner
            .outbox_depth
            .set(i64::try_from(outbox_depth).unwrap_or(i64::MAX));
        self.inner
            .live_streams
            .set(i64::try_from(live_streams).unwrap_or(i64::MAX));
        let mut text = String::new();
        // Writing into a String cannot fail; an error here would be the encoder's own bug.
        if let Err(e) = encode(&mut text, &self.inner.registry) {
            tracing::error!(error = %e, "encoding the metrics failed");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_counted_by_outcome_and_its_duration_falls_in_the_health_buckets() {
        let metrics = Metrics::new();
        let crm = IntegrationLabels::new(1, 7, "Acme CRM");
        metrics.integration_call(&crm, None, 0.040);
        metrics.integration_call(&crm, Some(FailureKind::TimedOut), 1.0);
        metrics.breaker(&crm, true);
        let text = metrics.render(3, 2);
        assert!(
            text.contains(r#"chatlane_integration_calls_total{team_id="1",integration_id="7",integration="Acme CRM",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"outcome="timed_out"} 1"#), "{text}");
        assert!(
            text.contains(r#"chatlane_integration_call_duration_seconds_bucket{le="0.05",team_id="1",integration_id="7",integration="Acme CRM"} 1"#),
            "{text}"
        );
        assert!(text.contains("chatlane_webhook_outbox_depth 3"), "{text}");
        assert!(text.contains("chatlane_live_streams 2"), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}

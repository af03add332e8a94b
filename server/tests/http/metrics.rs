//! `GET /metrics`: open on a loopback bind, closed on any other unless a token is set; what it
//! counts, read back with an OpenMetrics parser.

use crate::api::v1::integrations::{attach_to_alpha, bridge_integration};
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::{Method, StatusCode};
use openmetrics_parser::openmetrics::parse_openmetrics;
use openmetrics_parser::{MetricsExposition, OpenMetricsType, OpenMetricsValue};
use serde_json::json;

/// `/metrics` is not open to anyone. On a loopback bind it answers as before; on any
/// other bind it is closed unless `CHATLANE_METRICS_TOKEN` is set, and then it wants that token.
#[tokio::test]
async fn metrics_are_closed_on_a_public_bind_and_need_the_token_when_one_is_set() {
    let public = spawn_app_with(&[("CHATLANE_ADDR", "0.0.0.0:3000")]).await;
    let r = public
        .api_raw(Method::GET, "/metrics", None, None, "")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.json);

    let guarded = spawn_app_with(&[
        ("CHATLANE_ADDR", "0.0.0.0:3000"),
        ("CHATLANE_METRICS_TOKEN", "scrape-me-please-0123456789"),
    ])
    .await;
    for token in [None, Some("wrong-token")] {
        let r = guarded
            .api_raw(Method::GET, "/metrics", token, None, "")
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = guarded
        .api_raw(
            Method::GET,
            "/metrics",
            Some("scrape-me-please-0123456789"),
            None,
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

/// The sample of `family` whose labels include every pair of `labels`.
fn sample<'a>(
    exposition: &'a MetricsExposition<OpenMetricsType, OpenMetricsValue>,
    family: &str,
    labels: &[(&str, &str)],
) -> Option<&'a OpenMetricsValue> {
    exposition
        .families
        .get(family)?
        .iter_samples()
        .find_map(|s| {
            let set = s.get_labelset().ok()?;
            labels
                .iter()
                .all(|(k, v)| set.get_label_value(k) == Some(*v))
                .then_some(&s.value)
        })
}

fn counter(value: Option<&OpenMetricsValue>) -> f64 {
    match value {
        Some(OpenMetricsValue::Counter(c)) => c.value.as_f64(),
        other => panic!("not a counter: {other:?}"),
    }
}

fn gauge(value: Option<&OpenMetricsValue>) -> f64 {
    match value {
        Some(OpenMetricsValue::Gauge(g)) => g.as_f64(),
        other => panic!("not a gauge: {other:?}"),
    }
}

/// What an operator scrapes after agents opened a sheet twice: the exposition parses as
/// OpenMetrics (a strict, independent parser); the integration's call is counted by outcome with
/// its latency, the second sheet was a cache hit, the seeded integration whose host is
/// unreachable is counted as failing, a contact's change waits in the webhook outbox — and no
/// contact's email or name appears anywhere.
#[tokio::test]
async fn metrics_count_integration_calls_cache_use_and_the_outbox_without_contact_data() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, r#"{"orders": [{"id": 1}]}"#).await;
    let id = bridge_integration(&app, &admin, &receiver, 30).await;
    attach_to_alpha(&app, &admin, &[id, app.alpha.integration_id]).await;
    let agent = app.agent_token(&app.alpha).await;
    let sheet = format!(
        "/api/v1/contacts/{}/integration-data?conversation_id={}",
        app.alpha.contact_id, app.alpha.conversation_id
    );
    for _ in 0..2 {
        let r = app.get(&sheet, &agent).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    }
    // The team's webhook is subscribed to contact changes: this one queues a delivery.
    let changed = app
        .patch(
            &format!("/api/v1/contacts/{}", app.alpha.contact_id),
            &admin,
            json!({"name": "Metrics Person"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.json);

    let r = app.send(Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type"),
        Some("application/openmetrics-text; version=1.0.0; charset=utf-8")
    );
    let exposition =
        parse_openmetrics(&r.body).unwrap_or_else(|e| panic!("not OpenMetrics: {e:?}\n{}", r.body));
    let orders = id.to_string();
    let team = app.alpha.id.to_string();
    let of_orders = [
        ("team_id", team.as_str()),
        ("integration_id", orders.as_str()),
        ("integration", "Orders"),
    ];
    let with = |extra: (&'static str, &'static str)| {
        let mut labels = of_orders.to_vec();
        labels.push(extra);
        labels
    };
    let calls = "chatlane_integration_calls";
    assert_eq!(
        counter(sample(&exposition, calls, &with(("outcome", "ok")))),
        1.0
    );
    let crm = app.alpha.integration_id.to_string();
    let crm_calls: f64 = exposition.families[calls]
        .iter_samples()
        .filter_map(|s| {
            let set = s.get_labelset().ok()?;
            (set.get_label_value("integration_id") == Some(crm.as_str())
                && set.get_label_value("outcome") != Some("ok"))
            .then(|| counter(Some(&s.value)))
        })
        .sum();
    assert_eq!(crm_calls, 2.0, "the unreachable CRM failed on both sheets");
    let cache = "chatlane_integration_cache_requests";
    assert_eq!(
        counter(sample(&exposition, cache, &with(("result", "hit")))),
        1.0
    );
    assert_eq!(
        counter(sample(&exposition, cache, &with(("result", "miss")))),
        1.0
    );
    match sample(
        &exposition,
        "chatlane_integration_call_duration_seconds",
        &of_orders,
    ) {
        Some(OpenMetricsValue::Histogram(h)) => {
            assert_eq!(h.count, Some(1));
            assert_eq!(
                h.buckets.len(),
                12,
                "the health console's 11 bounds and +Inf"
            );
        }
        other => panic!("not a histogram: {other:?}"),
    }
    assert!(gauge(sample(&exposition, "chatlane_webhook_outbox_depth", &[])) >= 1.0);
    assert_eq!(
        gauge(sample(&exposition, "chatlane_live_streams", &[])),
        0.0
    );
    assert!(
        counter(sample(
            &exposition,
            "chatlane_http_responses",
            &[("class", "2xx")]
        )) >= 3.0
    );
    for private in ["customer@alpha.example", "Metrics Person"] {
        assert!(!r.body.contains(private), "{private} in\n{}", r.body);
    }
}

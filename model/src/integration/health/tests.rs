use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, h, m, 0)
        .single()
        .expect("a time")
}

fn calls(latencies: &[(bool, u64)]) -> Tally {
    let mut t = Tally::default();
    for (ok, ms) in latencies {
        t.call(*ok, *ms);
    }
    t
}

#[test]
fn a_tally_counts_calls_failures_and_the_success_rate() {
    let t = calls(&[(true, 40), (true, 60), (false, 1000), (true, 80)]);
    assert_eq!((t.calls, t.failures, t.successes()), (4, 1, 3));
    assert_eq!(t.success_rate(), Some(0.75));
    assert_eq!(percent_text(t.success_rate()), "75.0 %");
}

#[test]
fn no_calls_means_no_rate_and_no_percentile_rather_than_zero() {
    let t = Tally::default();
    assert_eq!(t.success_rate(), None);
    assert_eq!(t.percentile_ms(0.5), None);
    assert_eq!(t.cache_hit_ratio(), None);
    assert_eq!(percent_text(None), "—");
}

#[test]
fn the_cache_hit_ratio_is_hits_over_hits_and_calls() {
    let mut t = calls(&[(true, 10)]);
    t.cache_hits = 3;
    assert_eq!(t.cache_hit_ratio(), Some(0.75));
}

#[test]
fn percentiles_fall_within_the_bucket_of_the_calls_they_describe() {
    // 90 calls of 40 ms (bucket 25–50) and 10 of 900 ms (bucket 500–1000).
    let mut list = vec![(true, 40); 90];
    list.extend(vec![(true, 900); 10]);
    let t = calls(&list);
    let p50 = t.percentile_ms(0.5).expect("p50");
    let p95 = t.percentile_ms(0.95).expect("p95");
    assert!((25..=50).contains(&p50), "p50 {p50}");
    assert!((500..=1000).contains(&p95), "p95 {p95}");
}

#[test]
fn calls_slower_than_the_last_bound_report_that_bound() {
    let t = calls(&[(false, 45_000)]);
    assert_eq!(t.percentile_ms(0.5), Some(30_000));
}

#[test]
fn the_chart_puts_each_minute_in_its_bar_and_leaves_out_minutes_outside_the_window() {
    let now = at(12, 59);
    let mut one = calls(&[(true, 5), (false, 5)]);
    one.cache_hits = 9;
    let minutes = vec![
        (at(12, 0), one.clone()),
        (at(12, 4), one.clone()),
        (at(12, 55), calls(&[(true, 5)])),
        (at(11, 59), one.clone()),
        (at(13, 0), one),
    ];
    let points = chart(HealthWindow::Hour, now, &minutes);
    assert_eq!(points.len(), 12);
    assert_eq!(points[0].start, at(12, 0));
    assert_eq!((points[0].calls, points[0].failures), (4, 2));
    assert_eq!((points[11].calls, points[11].failures), (1, 0));
    let total: u64 = points.iter().map(|p| p.calls).sum();
    assert_eq!(total, 5, "11:59 and 13:00 are outside 12:00–12:59");
}

#[test]
fn each_window_has_its_own_number_of_bars() {
    let now = at(12, 0);
    assert_eq!(chart(HealthWindow::Hour, now, &[]).len(), 12);
    assert_eq!(chart(HealthWindow::Day, now, &[]).len(), 24);
    assert_eq!(chart(HealthWindow::Week, now, &[]).len(), 28);
    assert_eq!(window_start(HealthWindow::Hour, now), at(11, 1));
}

#[test]
fn bars_scale_to_the_busiest_and_failures_never_exceed_calls() {
    let points = vec![
        HealthPoint {
            start: at(1, 0),
            calls: 10,
            failures: 5,
        },
        HealthPoint {
            start: at(2, 0),
            calls: 5,
            failures: 0,
        },
    ];
    let drawn = bars(&points, 100.0, 20.0);
    assert_eq!(drawn[0].calls, 20.0);
    assert_eq!(drawn[0].failures, 10.0);
    assert_eq!(drawn[1].calls, 10.0);
    assert_eq!(drawn[1].x, 50.0);
    assert!(bars(&[], 100.0, 20.0).is_empty());
}

fn tally() -> impl Strategy<Value = Tally> {
    proptest::collection::vec((any::<bool>(), 0u64..60_000), 0..40).prop_flat_map(|list| {
        (0u64..50, 0u64..5, 0u64..3).prop_map(move |(hits, stale, openings)| {
            let mut t = calls(&list);
            t.cache_hits = hits;
            t.stale_served = stale;
            t.breaker_openings = openings;
            t
        })
    })
}

proptest! {
    #[test]
    fn adding_tallies_does_not_depend_on_their_order(a in tally(), b in tally(), c in tally()) {
        let mut left = a.clone();
        left.add(&b);
        left.add(&c);
        let mut right = c.clone();
        right.add(&a);
        right.add(&b);
        left.latency.resize(BUCKETS, 0);
        right.latency.resize(BUCKETS, 0);
        prop_assert_eq!(left, right);
    }

    #[test]
    fn percentiles_never_decrease_as_the_share_grows(t in tally(), q in 0.0f64..1.0, more in 0.0f64..1.0) {
        let higher = (q + more).min(1.0);
        prop_assert!(t.percentile_ms(q) <= t.percentile_ms(higher));
    }

    #[test]
    fn a_success_rate_is_a_share(t in tally()) {
        if let Some(rate) = t.success_rate() {
            prop_assert!((0.0..=1.0).contains(&rate));
        }
    }
}

//! A small bar chart of an integration's calls over a window, failures in red over them (an SVG
//! drawn here: a handful of rectangles needs no charting crate, and stays out of the bundle).

use leptos::prelude::*;
use model::integration::health::{HealthPoint, bars};

/// Calls per bar in slate, the failed part in red; `label` names it for screen readers.
#[component]
pub fn HealthChart(
    points: Vec<HealthPoint>,
    width: u32,
    height: u32,
    label: String,
) -> impl IntoView {
    let (w, h) = (f64::from(width), f64::from(height));
    let drawn = bars(&points, w, h);
    view! {
        <svg
            width=width
            height=height
            viewBox=format!("0 0 {width} {height}")
            role="img"
            aria-label=label
            data-testid="health-chart"
        >
            {drawn
                .into_iter()
                .map(|b| {
                    view! {
                        <rect
                            x=format!("{:.1}", b.x)
                            y=format!("{:.1}", h - b.calls)
                            width=format!("{:.1}", b.width)
                            height=format!("{:.1}", b.calls)
                            fill="#cbd5e1"
                        />
                        <rect
                            x=format!("{:.1}", b.x)
                            y=format!("{:.1}", h - b.failures)
                            width=format!("{:.1}", b.width)
                            height=format!("{:.1}", b.failures)
                            fill="#ef4444"
                        />
                    }
                })
                .collect_view()}
        </svg>
    }
}

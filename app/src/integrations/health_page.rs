//! `/integrations/health`: the health console (admins) — per integration, over the last hour,
//! 24 hours or 7 days (`?window=1h|24h|7d`, 24 hours by default): calls, success rate, p50 and
//! p95 latency, cache hit ratio, stale answers served, breaker openings, a chart of calls and
//! failures, and the last failures in an agent's words.

use super::health_chart::HealthChart;
use crate::errors::AppError;
use crate::format::short_time;
use crate::layout::AdminPage;
use crate::server_fns::integrations::get_integration_health;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::{LazyRoute, lazy_route};
use model::integration::health::{HealthReport, HealthWindow, IntegrationHealth, percent_text};

/// The console's data: the report for the window the address names.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct IntegrationHealthRoute {
    report: Resource<Result<HealthReport, AppError>>,
}

#[lazy_route]
impl LazyRoute for IntegrationHealthRoute {
    fn data() -> Self {
        let query = use_query_map();
        let window = move || {
            query
                .read()
                .get("window")
                .and_then(|w| w.parse::<HealthWindow>().ok())
                .unwrap_or(HealthWindow::Day)
        };
        let report = Resource::new(window, get_integration_health);
        Self { report }
    }

    fn view(this: Self) -> AnyView {
        view! { <HealthPage route=this /> }.into_any()
    }
}

#[component]
fn HealthPage(route: IntegrationHealthRoute) -> impl IntoView {
    let IntegrationHealthRoute { report } = route;
    view! {
        <AdminPage title="Integration health" data=report body=|r| view! { <Console report=r /> }>
            <A href="/integrations" attr:class="text-sm text-indigo-600 hover:underline">
                "← Integrations"
            </A>
        </AdminPage>
    }
    .into_any()
}

#[component]
fn Console(report: HealthReport) -> impl IntoView {
    let current = report.window;
    view! {
        <div class="mt-3 max-w-5xl space-y-4" data-testid="health-console">
            <div class="flex items-center justify-between">
                <h1 class="text-lg font-semibold">"Integration health"</h1>
                <nav class="flex gap-1 text-sm" aria-label="Window">
                    {HealthWindow::ALL
                        .iter()
                        .map(|w| {
                            let chosen = *w == current;
                            let class = if chosen {
                                "rounded-md bg-indigo-600 px-2 py-1 text-white"
                            } else {
                                "rounded-md px-2 py-1 text-indigo-700 hover:bg-indigo-50"
                            };
                            view! {
                                <A
                                    href=format!("/integrations/health?window={}", w.as_str())
                                    attr:class=class
                                    attr:aria-current=chosen.then_some("page")
                                    attr:data-testid="health-window"
                                >
                                    {w.label()}
                                </A>
                            }
                        })
                        .collect_view()}
                </nav>
            </div>
            <p class="text-sm text-slate-600">
                "Calls made to each integration's API by agents' profile sheets on every server, counted per minute. Answers from the cache are not calls; a failed call that showed the last good answer counts as a failure and as a stale answer."
            </p>
            {if report.integrations.is_empty() {
                view! { <p class="text-sm text-slate-500">"No integrations yet."</p> }.into_any()
            } else {
                report
                    .integrations
                    .into_iter()
                    .map(|i| view! { <IntegrationPanel health=i /> })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

#[component]
fn Figure(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs text-slate-500">{label}</dt>
            <dd class="font-medium" data-testid=testid>
                {value}
            </dd>
        </div>
    }
}

#[component]
fn IntegrationPanel(health: IntegrationHealth) -> impl IntoView {
    let t = &health.tally;
    let latency = |q: f64| {
        t.percentile_ms(q)
            .map_or_else(|| "—".to_string(), |ms| format!("{ms} ms"))
    };
    let figures = [
        ("Calls", t.calls.to_string(), "health-calls"),
        (
            "Success rate",
            percent_text(t.success_rate()),
            "health-success",
        ),
        ("p50", latency(0.5), "health-p50"),
        ("p95", latency(0.95), "health-p95"),
        (
            "Cache hits",
            percent_text(t.cache_hit_ratio()),
            "health-cache",
        ),
        ("Stale answers", t.stale_served.to_string(), "health-stale"),
        (
            "Breaker openings",
            t.breaker_openings.to_string(),
            "health-breaker",
        ),
    ];
    let failures = health.last_failures.clone();
    let label = format!("{}: calls and failures", health.name);
    view! {
        <section
            class="rounded-lg border border-slate-200 bg-white p-4"
            data-testid="health-integration"
        >
            <div class="flex items-baseline justify-between">
                <h2 class="font-medium">
                    <A
                        href=format!("/integrations/{}", health.integration_id)
                        attr:class="text-indigo-700 hover:underline"
                    >
                        {health.name.clone()}
                    </A>
                    {(!health.is_active)
                        .then(|| {
                            view! { <span class="ml-2 text-xs text-slate-500">"(off)"</span> }
                        })}
                </h2>
                <HealthChart points=health.points.clone() width=240 height=32 label />
            </div>
            <dl class="mt-3 grid grid-cols-7 gap-2 text-sm">
                {figures
                    .into_iter()
                    .map(|(label, value, testid)| view! { <Figure label value testid /> })
                    .collect_view()}
            </dl>
            {if failures.is_empty() {
                view! { <p class="mt-3 text-xs text-slate-500">"No failures in this window."</p> }
                    .into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-1 text-xs" data-testid="health-failures">
                        {failures
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <li data-testid="health-failure">
                                        <span class="text-slate-500">{short_time(&f.at)}</span>
                                        " "
                                        <span class="text-red-700">{f.reason}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

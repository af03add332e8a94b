//! `/integrations`: the team's contact integrations (admins), with an active toggle and the last
//! 24 hours' calls as a small chart per row, and a link to the health console.

use super::health_chart::HealthChart;
use crate::errors::AppError;
use crate::layout::AdminPage;
use crate::server_fns::integrations::{
    SetIntegrationActive, get_integration_health, list_integrations,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::{LazyRoute, lazy_route};
use model::integration::health::{HealthReport, HealthWindow};
use model::integration::{IntegrationSummary, RunStatus};

/// The list: name, method and host, active, attached inbox count, how the last run went.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct IntegrationsRoute {
    toggle: ServerAction<SetIntegrationActive>,
    list: Resource<Result<Vec<IntegrationSummary>, AppError>>,
    health: Resource<Result<HealthReport, AppError>>,
}

#[lazy_route]
impl LazyRoute for IntegrationsRoute {
    fn data() -> Self {
        let toggle = ServerAction::<SetIntegrationActive>::new();
        let list = Resource::new(move || toggle.version().get(), |_| list_integrations());
        let health = Resource::new(|| HealthWindow::Day, get_integration_health);
        Self {
            toggle,
            list,
            health,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <IntegrationsPage route=this /> }.into_any()
    }
}

#[component]
fn IntegrationsPage(route: IntegrationsRoute) -> impl IntoView {
    let IntegrationsRoute {
        toggle,
        list,
        health,
    } = route;
    view! {
        <AdminPage
            title="Integrations"
            data=list
            body=move |rows| {
                view! {
                    <div class="max-w-4xl space-y-4">
                        <div class="flex items-center justify-between">
                            <h1 class="text-lg font-semibold">"Integrations"</h1>
                            <A
                                href="/integrations/health"
                                attr:class="ml-auto mr-3 text-sm text-indigo-700 hover:underline"
                                attr:data-testid="integration-health-link"
                            >
                                "Health"
                            </A>
                            <A
                                href="/integrations/new"
                                attr:class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
                                attr:data-testid="add-integration"
                            >
                                "Add Integration"
                            </A>
                        </div>
                        <p class="text-sm text-slate-600">
                            "Pull customer data from your CRM, billing or order systems into the contact profile sheet. Each integration is an HTTP call with variables such as {{contact.email}}; attach it to the inboxes whose agents should see it."
                        </p>
                        <IntegrationTable rows toggle health />
                    </div>
                }
            }
        />
    }
    .into_any()
}

fn last_run_label(status: Option<RunStatus>) -> (&'static str, &'static str) {
    match status {
        None => ("Never run", "text-slate-500"),
        Some(RunStatus::Ok) => ("OK", "text-emerald-700"),
        Some(RunStatus::Error) => ("Failed", "text-red-700"),
        Some(RunStatus::Skipped) => ("Skipped", "text-slate-600"),
    }
}

#[component]
fn IntegrationTable(
    rows: Vec<IntegrationSummary>,
    toggle: ServerAction<SetIntegrationActive>,
    health: Resource<Result<HealthReport, AppError>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="text-sm text-slate-500" data-testid="no-integrations">
                "No integrations yet."
            </p>
        }
        .into_any();
    }
    view! {
        <table
            class="w-full rounded-lg border border-slate-200 bg-white text-left text-sm"
            data-testid="integration-list"
        >
            <thead class="text-xs text-slate-500">
                <tr>
                    <th class="px-3 py-2">"Name"</th>
                    <th class="px-3">"Endpoint"</th>
                    <th class="px-3">"Inboxes"</th>
                    <th class="px-3">"Last run"</th>
                    <th class="px-3">"Last 24 hours"</th>
                    <th class="px-3">"Active"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
                {rows
                    .into_iter()
                    .map(|r| {
                        let (last, tone) = last_run_label(r.last_run);
                        let id = r.id;
                        let active = r.is_active;
                        let name = r.name.clone();
                        let chart_name = r.name.clone();
                        let builtin_demo = r.builtin_demo;
                        let label = format!("{} active", r.name);
                        view! {
                            <tr data-testid="integration-row">
                                <td class="px-3 py-2">
                                    <A
                                        href=format!("/integrations/{id}")
                                        attr:class="font-medium text-indigo-700 hover:underline"
                                        attr:data-testid="integration-link"
                                    >
                                        {name}
                                    </A>
                                    {builtin_demo
                                        .then(|| {
                                            view! {
                                                <span
                                                    class="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800"
                                                    data-testid="builtin-demo-badge"
                                                >
                                                    "Built-in demo"
                                                </span>
                                            }
                                        })}
                                </td>
                                <td
                                    class="px-3 font-mono text-xs"
                                    data-testid="integration-endpoint"
                                >
                                    {format!("{} {}", r.method.as_str(), r.host)}
                                </td>
                                <td class="px-3" data-testid="integration-inbox-count">
                                    {r.inbox_count}
                                </td>
                                <td class=format!("px-3 {tone}") data-testid="integration-last-run">
                                    {last}
                                </td>
                                <td class="px-3">
                                    <Sparkline health id name=chart_name />
                                </td>
                                <td class="px-3">
                                    <input
                                        type="checkbox"
                                        aria-label=label
                                        prop:checked=active
                                        on:change=move |ev| {
                                            toggle
                                                .dispatch(SetIntegrationActive {
                                                    id,
                                                    active: event_target_checked(&ev),
                                                });
                                        }
                                        data-testid="integration-active"
                                    />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The integration's calls over the last 24 hours as a small chart (once the report loads).
#[component]
fn Sparkline(
    health: Resource<Result<HealthReport, AppError>>,
    id: i64,
    name: String,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    let points = health
                        .await
                        .ok()
                        .and_then(|r| {
                            r.integrations.into_iter().find(|i| i.integration_id == id)
                        })
                        .map(|i| i.points)?;
                    let label = format!("{name}: calls and failures in the last 24 hours");
                    Some(view! { <HealthChart points width=96 height=20 label /> })
                })
            }}
        </Suspense>
    }
}

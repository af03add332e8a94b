//! One webhook's delivery log: every delivery with its attempts, and Redeliver.

use crate::format::short_time;
use crate::server_fns::webhooks::{RedeliverWebhookDelivery, list_webhook_deliveries};
use leptos::prelude::*;
use model::webhook::{DeliveryStatus, DeliveryView};

fn status_badge(status: DeliveryStatus) -> (&'static str, &'static str) {
    match status {
        DeliveryStatus::Succeeded => (
            "Delivered",
            "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800",
        ),
        DeliveryStatus::Pending => (
            "Retrying",
            "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800",
        ),
        DeliveryStatus::Failed => (
            "Failed",
            "rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800",
        ),
    }
}

/// A webhook's delivery log: each delivery (event, state, attempts, the last answer, the next
/// retry) with its attempts and a Redeliver button. Loaded in the browser when opened; `refresh`
/// reloads it (a test event was just queued), as does the Refresh button.
#[component]
pub fn DeliveryLogPanel(webhook_id: i64, refresh: Signal<usize>) -> impl IntoView {
    let redeliver = ServerAction::<RedeliverWebhookDelivery>::new();
    let reload = RwSignal::new(0u32);
    let log = LocalResource::new(move || {
        refresh.track();
        reload.track();
        redeliver.version().track();
        list_webhook_deliveries(webhook_id)
    });
    view! {
        <div class="mt-3 rounded-md border border-slate-200" data-testid="delivery-log">
            <div class="flex items-center border-b border-slate-200 bg-slate-50 px-3 py-1.5">
                <h3 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                    "Delivery log"
                </h3>
                <button
                    type="button"
                    class="ml-auto text-xs text-indigo-600 hover:underline"
                    on:click=move |_| reload.update(|n| *n += 1)
                    data-testid="delivery-log-refresh"
                >
                    "Refresh"
                </button>
            </div>
            <Suspense fallback=|| {
                view! { <p class="p-3 text-sm text-slate-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match log.await {
                        Err(e) => {
                            view! {
                                <p class="p-3 text-sm text-red-700" role="alert">
                                    {e.to_string()}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="p-3 text-sm text-slate-500" data-testid="no-deliveries">
                                    "Nothing sent yet."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="divide-y divide-slate-100">
                                    {list
                                        .into_iter()
                                        .map(|d| {
                                            view! { <DeliveryRow delivery=d webhook_id redeliver /> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn DeliveryRow(
    delivery: DeliveryView,
    webhook_id: i64,
    redeliver: ServerAction<RedeliverWebhookDelivery>,
) -> impl IntoView {
    let (label, class) = status_badge(delivery.status);
    let id = delivery.id;
    let last = delivery
        .last_status
        .map(|s| format!("HTTP {s}"))
        .or_else(|| delivery.last_error.clone())
        .unwrap_or_default();
    let next = delivery
        .next_attempt_at
        .filter(|_| delivery.attempts > 0)
        .map(|at| format!("next try {}", short_time(&at)));
    view! {
        <li class="px-3 py-2 text-sm" data-testid="delivery-row" data-event=delivery.event.clone()>
            <div class="flex flex-wrap items-center gap-2">
                <span class=class data-testid="delivery-status">
                    {label}
                </span>
                <code class="text-xs">{delivery.event.clone()}</code>
                <span class="text-xs text-slate-500">{short_time(&delivery.created_at)}</span>
                <span class="text-xs text-slate-600" data-testid="delivery-last">
                    {last}
                </span>
                {next.map(|n| view! { <span class="text-xs text-amber-700">{n}</span> })}
                <button
                    type="button"
                    class="ml-auto text-xs text-indigo-600 hover:underline"
                    on:click=move |_| {
                        redeliver
                            .dispatch(RedeliverWebhookDelivery {
                                id: webhook_id,
                                delivery_id: id,
                            });
                    }
                    data-testid="delivery-redeliver"
                >
                    "Redeliver"
                </button>
            </div>
            <details class="mt-1">
                <summary class="cursor-pointer text-xs text-slate-500">
                    {format!("{} attempt(s) · {}", delivery.attempts, delivery.message_id)}
                </summary>
                <table class="mt-1 w-full text-left text-xs">
                    <thead class="text-slate-500">
                        <tr>
                            <th>"When"</th>
                            <th>"Status"</th>
                            <th>"Took"</th>
                            <th>"Answer"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {delivery
                            .attempts_log
                            .into_iter()
                            .map(|a| {
                                view! {
                                    <tr data-testid="delivery-attempt">
                                        <td>{short_time(&a.attempted_at)}</td>
                                        <td>
                                            {a
                                                .status
                                                .map(|s| s.to_string())
                                                .or(a.error.clone())
                                                .unwrap_or_default()}
                                        </td>
                                        <td>{format!("{} ms", a.duration_ms)}</td>
                                        <td class="max-w-xs truncate font-mono">
                                            {a.response_excerpt.unwrap_or_default()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </li>
    }
    .into_any()
}

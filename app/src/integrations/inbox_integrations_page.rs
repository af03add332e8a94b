//! `/inboxes/:id/settings`: an inbox's settings, with its Integrations tab: what the inbox runs,
//! in which order, switched on or off, and "Manage Integrations" for the team-level editor.

use crate::errors::AppError;
use crate::layout::{ActionOutcome, ActionStatus, Button, ErrorPanel};
use crate::server_fns::integrations::{SetInboxIntegrations, list_inbox_integrations};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use leptos_router::{LazyRoute, lazy_route};
use model::integration::view::InboxIntegration;

/// The inbox settings page (its one tab so far: Integrations).
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct InboxIntegrationsRoute {
    inbox_id: Signal<i64>,
    list: Resource<Result<Vec<InboxIntegration>, AppError>>,
}

#[lazy_route]
impl LazyRoute for InboxIntegrationsRoute {
    fn data() -> Self {
        let params = use_params_map();
        let inbox_id = move || {
            params
                .read()
                .get("id")
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
        };
        let list = Resource::new(inbox_id, list_inbox_integrations);
        Self {
            inbox_id: Signal::derive(inbox_id),
            list,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <InboxIntegrationsPage route=this /> }.into_any()
    }
}

#[component]
fn InboxIntegrationsPage(route: InboxIntegrationsRoute) -> impl IntoView {
    let InboxIntegrationsRoute { inbox_id, list } = route;
    view! {
        <Title text="Inbox settings · Chatlane" />
        <div class="flex-1 overflow-y-auto p-6">
            <h1 class="text-lg font-semibold">"Inbox settings"</h1>
            <nav class="mt-3 flex gap-2" aria-label="Inbox settings">
                <span
                    class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
                    data-testid="inbox-tab-integrations"
                >
                    "Integrations"
                </span>
            </nav>
            <Suspense fallback=|| {
                view! { <p class="mt-4 text-slate-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(rows) => {
                            view! { <Attached inbox_id=inbox_id.get_untracked() rows /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn Attached(inbox_id: i64, rows: Vec<InboxIntegration>) -> impl IntoView {
    let order = RwSignal::new(rows);
    let save = ServerAction::<SetInboxIntegrations>::new();
    let shift = move |index: usize, up: bool| {
        order.update(|o| {
            let other = if up {
                index.checked_sub(1)
            } else {
                Some(index + 1)
            };
            if let Some(j) = other.filter(|j| *j < o.len()) {
                o.swap(index, j);
            }
        });
    };
    view! {
        <div class="mt-4 max-w-2xl space-y-3" data-testid="inbox-integrations">
            <p class="text-sm text-slate-600">
                "Integrations run for this inbox's contacts in this order, each in its own card of the profile sheet."
            </p>
            {move || {
                order
                    .get()
                    .is_empty()
                    .then(|| {
                        view! {
                            <p class="text-sm text-slate-500" data-testid="inbox-no-integrations">
                                "No integrations are attached to this inbox."
                            </p>
                        }
                    })
            }}
            <ul class="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
                {move || {
                    order
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, row)| {
                            let id = row.integration_id;
                            view! {
                                <li
                                    class="flex items-center gap-3 px-3 py-2 text-sm"
                                    data-testid="inbox-integration"
                                >
                                    <span class="flex-1" data-testid="inbox-integration-name">
                                        {row.name.clone()}
                                    </span>
                                    {(!row.is_active)
                                        .then(|| {
                                            view! {
                                                <span class="text-xs text-slate-500">"(inactive)"</span>
                                            }
                                        })}
                                    <label class="flex items-center gap-1 text-xs">
                                        <input
                                            type="checkbox"
                                            prop:checked=row.enabled
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                order
                                                    .update(|o| {
                                                        if let Some(r) = o
                                                            .iter_mut()
                                                            .find(|r| r.integration_id == id)
                                                        {
                                                            r.enabled = on;
                                                        }
                                                    });
                                            }
                                            data-testid="inbox-integration-enabled"
                                        />
                                        "Enabled"
                                    </label>
                                    <button
                                        type="button"
                                        class="px-1 text-slate-500 hover:text-slate-900"
                                        aria-label="Move up"
                                        on:click=move |_| shift(i, true)
                                        data-testid="move-up"
                                    >
                                        "↑"
                                    </button>
                                    <button
                                        type="button"
                                        class="px-1 text-slate-500 hover:text-slate-900"
                                        aria-label="Move down"
                                        on:click=move |_| shift(i, false)
                                        data-testid="move-down"
                                    >
                                        "↓"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="flex items-center gap-3">
                <button
                    type="button"
                    class=Button::Primary.class()
                    disabled=move || save.pending().get()
                    on:click=move |_| {
                        save.dispatch(SetInboxIntegrations {
                            inbox_id,
                            order: order.get(),
                        });
                    }
                    data-testid="save-order"
                >
                    "Save order"
                </button>
                <A
                    href="/integrations"
                    attr:class="text-sm text-indigo-600 hover:underline"
                    attr:data-testid="manage-integrations"
                >
                    "Manage Integrations"
                </A>
                <ActionStatus
                    outcome=Signal::derive(move || {
                        ActionOutcome::of(save.value().get(), Some("Saved."))
                    })
                    done_testid="order-saved"
                />
            </div>
        </div>
    }
    .into_any()
}

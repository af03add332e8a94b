//! The editor's Inboxes tab: attach the integration to any of the team's inboxes, switched on or
//! off per inbox (the order within an inbox is set on that inbox's Integrations tab). A new
//! integration's choices are saved with it, in the same step as Save or Save & Activate.

use crate::layout::{ActionOutcome, ActionStatus, Button, Checkbox};
use crate::server_fns::integrations::SetIntegrationInboxes;
use leptos::prelude::*;
use leptos_router::components::A;
use model::integration::view::InboxChoice;

/// One inbox's row: the inbox, whether the integration is attached there, and whether it runs.
#[derive(Debug, Clone)]
pub struct InboxRow {
    choice: InboxChoice,
    attached: RwSignal<bool>,
    enabled: RwSignal<bool>,
}

/// The rows of `inboxes`, as stored (a new integration's: none attached).
pub fn inbox_rows(inboxes: Vec<InboxChoice>) -> Vec<InboxRow> {
    inboxes
        .into_iter()
        .map(|c| InboxRow {
            attached: RwSignal::new(c.attached),
            enabled: RwSignal::new(!c.attached || c.enabled),
            choice: c,
        })
        .collect()
}

/// What the rows say now, as the server functions take it.
pub fn chosen_inboxes(rows: &[InboxRow]) -> Vec<InboxChoice> {
    rows.iter()
        .map(|r| InboxChoice {
            attached: r.attached.get_untracked(),
            enabled: r.enabled.get_untracked(),
            ..r.choice.clone()
        })
        .collect()
}

/// The Inboxes tab of integration `id` (`None`: not saved yet, the rows go with its first save).
#[component]
pub fn InboxesTab(id: Option<i64>, rows: Vec<InboxRow>) -> impl IntoView {
    let save = ServerAction::<SetIntegrationInboxes>::new();
    let state = rows.clone();
    let submit = move |_| {
        if let Some(id) = id {
            save.dispatch(SetIntegrationInboxes {
                id,
                choices: chosen_inboxes(&state),
            });
        }
    };
    view! {
        <div class="space-y-3" data-testid="inboxes-tab">
            <p class="text-sm text-slate-600">
                "Attach this integration to the inboxes whose agents should see it; switch it off per inbox without detaching it."
            </p>
            <ul class="divide-y divide-slate-100 rounded-md border border-slate-200">
                {rows
                    .into_iter()
                    .map(|r| {
                        let attached = r.attached;
                        view! {
                            <li
                                class="flex items-center gap-4 px-3 py-2 text-sm"
                                data-testid="inbox-choice"
                            >
                                <Checkbox value=r.attached class="flex-1" testid="inbox-attached">
                                    <span data-testid="inbox-choice-name">
                                        {r.choice.name.clone()}
                                    </span>
                                </Checkbox>
                                <Checkbox
                                    value=r.enabled
                                    class="text-xs text-slate-600"
                                    disabled=move || !attached.get()
                                    testid="inbox-enabled"
                                >
                                    "Enabled"
                                </Checkbox>
                                <A
                                    href=format!("/inboxes/{}/settings", r.choice.inbox_id)
                                    attr:class="text-xs text-indigo-700 underline"
                                >
                                    "Order"
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {match id {
                Some(_) => {
                    view! {
                        <button
                            type="button"
                            class=Button::Primary.class()
                            disabled=move || save.pending().get()
                            on:click=submit
                            data-testid="save-inboxes"
                        >
                            "Save inboxes"
                        </button>
                        <ActionStatus
                            outcome=Signal::derive(move || ActionOutcome::of(
                                save.value().get(),
                                Some("Saved."),
                            ))
                            done_testid="inboxes-saved"
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="text-sm text-slate-600" data-testid="inboxes-with-save">
                            "Saved with the integration: Save, or Save & Activate."
                        </p>
                    }
                        .into_any()
                }
            }}
        </div>
    }
    .into_any()
}

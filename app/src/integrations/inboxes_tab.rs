//! The editor's Inboxes tab: attach the integration to any of the team's inboxes, switched on or
//! off per inbox (the order within an inbox is set on that inbox's Integrations tab).

use crate::layout::{ActionOutcome, ActionStatus, Button, Checkbox};
use crate::server_fns::integrations::SetIntegrationInboxes;
use leptos::prelude::*;
use leptos_router::components::A;
use model::integration::view::InboxChoice;

/// The Inboxes tab of saved integration `id`.
#[component]
pub fn InboxesTab(id: i64, inboxes: Vec<InboxChoice>) -> impl IntoView {
    let rows: Vec<(InboxChoice, RwSignal<bool>, RwSignal<bool>)> = inboxes
        .into_iter()
        .map(|c| {
            let attached = RwSignal::new(c.attached);
            let enabled = RwSignal::new(!c.attached || c.enabled);
            (c, attached, enabled)
        })
        .collect();
    let save = ServerAction::<SetIntegrationInboxes>::new();
    let state = rows.clone();
    let submit = move |_| {
        let choices: Vec<InboxChoice> = state
            .iter()
            .map(|(c, attached, enabled)| InboxChoice {
                attached: attached.get(),
                enabled: enabled.get(),
                ..c.clone()
            })
            .collect();
        save.dispatch(SetIntegrationInboxes { id, choices });
    };
    view! {
        <div class="space-y-3" data-testid="inboxes-tab">
            <p class="text-sm text-slate-600">
                "Attach this integration to the inboxes whose agents should see it; switch it off per inbox without detaching it."
            </p>
            <ul class="divide-y divide-slate-100 rounded-md border border-slate-200">
                {rows
                    .into_iter()
                    .map(|(c, attached, enabled)| {
                        view! {
                            <li
                                class="flex items-center gap-4 px-3 py-2 text-sm"
                                data-testid="inbox-choice"
                            >
                                <Checkbox
                                    value=attached
                                    class="flex-1"
                                    {..}
                                    data-testid="inbox-attached"
                                >
                                    <span data-testid="inbox-choice-name">{c.name.clone()}</span>
                                </Checkbox>
                                <Checkbox
                                    value=enabled
                                    class="text-xs text-slate-600"
                                    {..}
                                    disabled=move || !attached.get()
                                    data-testid="inbox-enabled"
                                >
                                    "Enabled"
                                </Checkbox>
                                <A
                                    href=format!("/inboxes/{}/settings", c.inbox_id)
                                    attr:class="text-xs text-indigo-600 hover:underline"
                                >
                                    "Order"
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
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
        </div>
    }
    .into_any()
}

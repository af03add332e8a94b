//! "Send to webhook" in a conversation's header: the agent picks one of the team's active
//! webhooks and the conversation's transcript is queued for it (its delivery shows in that
//! webhook's log).

use crate::layout::{ActionOutcome, ActionStatus, Button};
use crate::server_fns::webhooks::{SendTranscriptToWebhook, list_webhook_targets};
use leptos::prelude::*;

/// The button, and once opened the webhook picker.
#[component]
pub fn SendToWebhook(conversation_id: i64) -> impl IntoView {
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<i64>);
    let send = ServerAction::<SendTranscriptToWebhook>::new();
    // Loaded in the browser when the picker opens: the list is not part of the page.
    let targets = LocalResource::new(move || {
        let wanted = open.get();
        async move {
            if wanted {
                list_webhook_targets().await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let picker = move || {
        let list = targets.get().and_then(Result::ok).unwrap_or_default();
        if list.is_empty() {
            return view! {
                <span class="text-xs text-slate-500" data-testid="no-webhook-targets">
                    "No active webhooks (admins add them in Settings → Webhooks)."
                </span>
            }
            .into_any();
        }
        // The select shows the first webhook until the agent picks another.
        let first = list.first().map(|t| t.id);
        view! {
            <select
                class="rounded-md border border-slate-300 px-2 py-1 text-xs"
                aria-label="Webhook"
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
                data-testid="webhook-target"
            >
                {list
                    .into_iter()
                    .map(|t| view! { <option value=t.id.to_string()>{t.label}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                class=Button::PrimarySmall.class()
                disabled=move || send.pending().get()
                on:click=move |_| {
                    if let Some(webhook_id) = chosen.get_untracked().or(first) {
                        send.dispatch(SendTranscriptToWebhook {
                            conversation_id,
                            webhook_id,
                        });
                    }
                }
                data-testid="send-transcript"
            >
                "Send transcript"
            </button>
        }
        .into_any()
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-2">
            <button
                type="button"
                class="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
                on:click=move |_| open.update(|o| *o = !*o)
                data-testid="send-to-webhook"
            >
                "Send to webhook"
            </button>
            <Show when=move || open.get()>{picker}</Show>
            <ActionStatus
                outcome=Signal::derive(move || {
                    ActionOutcome::of(send.value().get(), Some("Transcript queued."))
                })
                done_testid="transcript-queued"
                small=true
            />
        </div>
    }
    .into_any()
}

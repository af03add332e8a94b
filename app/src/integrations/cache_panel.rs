//! The editor's cache panel (on the Run log tab): how many of the integration's answers this
//! server keeps and how often they served since it started, and clearing them — all of them, or
//! one contact's (by ID).

use crate::errors::AppError;
use crate::layout::{ActionOutcome, ActionStatus, Button, INPUT};
use crate::server_fns::integrations::{ClearIntegrationCache, get_integration_cache};
use leptos::prelude::*;
use model::integration::view::CacheUsage;

/// What the panel says of `usage`.
fn summary(usage: &CacheUsage) -> String {
    let answers = if usage.entries == 1 {
        "answer"
    } else {
        "answers"
    };
    let rate = usage.hit_rate().map_or_else(
        || "no lookups yet".to_string(),
        |r| format!("hit rate {:.0} %", r * 100.0),
    );
    format!(
        "{} {answers} cached on this server · {rate} since it started",
        usage.entries
    )
}

/// The cache of saved integration `id`.
#[component]
pub fn CachePanel(id: i64) -> impl IntoView {
    let clear = ServerAction::<ClearIntegrationCache>::new();
    let usage = RwSignal::new(None::<Result<CacheUsage, AppError>>);
    // Read in the browser only (counts change by the second), again after every clearing.
    Effect::new(move |_| {
        clear.version().get();
        leptos::task::spawn_local(async move {
            usage.set(Some(get_integration_cache(id).await));
        });
    });
    let contact = RwSignal::new(String::new());
    let clear_contact = move |_| {
        if let Ok(contact_id) = contact.get_untracked().trim().parse::<i64>() {
            clear.dispatch(ClearIntegrationCache {
                id,
                contact_id: Some(contact_id),
            });
        }
    };
    view! {
        <section class="mb-4 rounded-md border border-slate-200 p-3" data-testid="cache-panel">
            <h3 class="text-sm font-medium">"Cache"</h3>
            <p class="mt-1 text-sm text-slate-700" data-testid="cache-usage">
                {move || match usage.get() {
                    Some(Ok(u)) => summary(&u),
                    Some(Err(e)) => e.to_string(),
                    None => String::new(),
                }}
            </p>
            <div class="mt-2 flex flex-wrap items-end gap-2">
                <button
                    type="button"
                    class=Button::Secondary.class()
                    disabled=move || clear.pending().get()
                    on:click=move |_| {
                        clear
                            .dispatch(ClearIntegrationCache {
                                id,
                                contact_id: None,
                            });
                    }
                    data-testid="cache-clear"
                >
                    "Clear cache"
                </button>
                <label class="text-xs font-medium text-slate-700">
                    "…or one contact's answers (contact ID)"
                    <input
                        class=INPUT
                        inputmode="numeric"
                        placeholder="e.g. 123"
                        prop:value=move || contact.get()
                        on:input=move |ev| contact.set(event_target_value(&ev))
                        data-testid="cache-contact"
                    />
                </label>
                <button
                    type="button"
                    class=Button::Secondary.class()
                    disabled=move || clear.pending().get()
                    on:click=clear_contact
                    data-testid="cache-clear-contact"
                >
                    "Clear for this contact"
                </button>
                <ActionStatus
                    outcome=Signal::derive(move || ActionOutcome::of(
                        clear.value().get(),
                        Some("Cleared."),
                    ))
                    done_testid="cache-cleared"
                />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_answers_and_says_the_rate_once_there_were_lookups() {
        let none = CacheUsage::default();
        assert_eq!(
            summary(&none),
            "0 answers cached on this server · no lookups yet since it started"
        );
        let some = CacheUsage {
            entries: 1,
            hits: 3,
            misses: 1,
        };
        assert_eq!(
            summary(&some),
            "1 answer cached on this server · hit rate 75 % since it started"
        );
    }
}

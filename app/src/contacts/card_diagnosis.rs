//! "Why is this card empty?" on the profile sheet (admins): one panel listing every integration of
//! the team with the rule that decides its card for this contact and conversation, in plain
//! words. Loaded when opened — the panel's code too (`#[lazy]`: only admins who ask fetch it, so
//! the inbox's own bundle does not carry it); nothing is called.

use crate::layout::viewer_is_admin;
use crate::server_fns::contacts::explain_contact_cards;
use leptos::prelude::*;

/// The link that opens the panel, and the panel (only for admins).
#[component]
pub fn CardDiagnosisPanel(contact_id: i64, conversation_id: Option<i64>) -> impl IntoView {
    let open = RwSignal::new(false);
    viewer_is_admin().then(|| {
        view! {
            <button
                type="button"
                class="mt-1 text-xs text-indigo-700 hover:underline"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
                data-testid="why-empty"
            >
                "Why is this card empty?"
            </button>
            <Show when=move || open.get()>
                <div
                    class="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-xs"
                    data-testid="card-diagnosis"
                >
                    <Suspense fallback=|| {
                        view! { <p class="text-slate-500">"Checking…"</p> }
                    }>
                        {move || Suspend::new(async move {
                            diagnosis(contact_id, conversation_id).await
                        })}
                    </Suspense>
                </div>
            </Show>
        }
    })
}

/// The panel's rows: every integration, whether its card shows data, and why.
#[lazy]
async fn diagnosis(contact_id: i64, conversation_id: Option<i64>) -> AnyView {
    match explain_contact_cards(contact_id, conversation_id).await {
        Err(e) => view! { <p class="text-red-700">{e.to_string()}</p> }.into_any(),
        Ok(rows) if rows.is_empty() => {
            view! { <p class="text-slate-500">"The team has no integrations."</p> }.into_any()
        }
        Ok(rows) => view! {
            <ul class="space-y-2">
                {rows
                    .into_iter()
                    .map(|d| {
                        let mark = if d.rule.shows_data() { "✓" } else { "✕" };
                        view! {
                            <li data-testid="card-diagnosis-row" data-rule=d.rule.as_str()>
                                <span class="font-medium">{mark} " " {d.name}</span>
                                <span class="block text-slate-600">{d.words}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}

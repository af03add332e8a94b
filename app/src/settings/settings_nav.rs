//! The settings tabs (members, channels, custom entities, API tokens, webhooks); an agent has
//! only API tokens (their own).

use crate::layout::viewer_is_admin;
use leptos::prelude::*;
use leptos_router::components::A;

/// Tabs across the settings pages, those the viewer may open.
#[component]
pub fn SettingsNav() -> impl IntoView {
    let admin = viewer_is_admin();
    let tab = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white";
    view! {
        <nav class="mb-6 flex gap-2" aria-label="Settings">
            <Show when=move || admin>
                <A href="/settings" exact=true attr:class=tab>
                    "Members"
                </A>
                <A href="/settings/channels" attr:class=tab>
                    "Channels"
                </A>
                <A href="/settings/custom-entities" attr:class=tab>
                    "Custom entities"
                </A>
            </Show>
            <A href="/settings/api-tokens" attr:class=tab>
                "API tokens"
            </A>
            <Show when=move || admin>
                <A href="/settings/webhooks" attr:class=tab>
                    "Webhooks"
                </A>
            </Show>
        </nav>
    }
}

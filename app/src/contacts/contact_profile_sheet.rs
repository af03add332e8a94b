//! The profile sheet: a contact's details and the cards of the team's integrations, refetched
//! when a live event touches the contact.

use super::external_data::ExternalData;
use crate::format::{short_date, short_time};
use crate::layout::{ErrorPanel, StatusBadge};
use crate::live::use_live_feed;
use crate::server_fns::contacts::get_contact_profile;
use leptos::prelude::*;
use leptos_router::components::A;
use model::contact::{ContactProfile, attribute_text, humanize_key};

/// The side sheet with a contact's details, attributes, recent conversations and the external
/// data of the integrations that `conversation_id`'s inbox runs (every inbox's without one).
#[component]
pub fn ContactProfileSheet(
    contact_id: i64,
    #[prop(into)] close_href: String,
    #[prop(default = None)] conversation_id: Option<i64>,
) -> impl IntoView {
    // Another agent's edit or a REST update shows here as it happens.
    let changed = RwSignal::new(0u32);
    let profile = Resource::new(
        move || (contact_id, changed.get()),
        |(id, _)| get_contact_profile(id),
    );
    if let Some(feed) = use_live_feed() {
        feed.on_event(move |event| {
            if event.touches_contact(contact_id) {
                changed.update(|n| *n = n.wrapping_add(1));
            }
        });
    }
    view! {
        <aside
            class="fixed inset-y-0 right-0 z-20 flex w-full flex-col border-l border-slate-200 bg-white shadow-xl sm:w-96"
            aria-label="Contact profile"
            data-testid="contact-profile-sheet"
        >
            <div class="flex items-center justify-between border-b border-slate-200 px-4 py-3">
                <h2 class="font-semibold">"Contact"</h2>
                <A
                    href=close_href
                    attr:class="rounded p-1 text-slate-500 hover:bg-slate-100"
                    attr:aria-label="Close"
                    attr:data-testid="close-profile"
                >
                    "✕"
                </A>
            </div>
            <div class="flex-1 overflow-y-auto p-4">
                <Transition fallback=|| {
                    view! { <p class="text-slate-500">"Loading…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match profile.await {
                            Ok(p) => view! { <ProfileBody profile=p /> }.into_any(),
                            Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        }
                    })}
                </Transition>
                // Outside the details: a refresh of those never re-runs the integrations.
                <ExternalData contact_id conversation_id />
            </div>
        </aside>
    }
}

#[component]
fn ProfileBody(profile: ContactProfile) -> impl IntoView {
    let c = profile.contact.clone();
    let row = |label: &'static str, value: Option<String>, testid: &'static str| {
        value.map(|v| {
            view! {
                <div class="flex justify-between gap-4 py-1.5 text-sm">
                    <dt class="text-slate-500">{label}</dt>
                    <dd class="break-all text-right text-slate-900" data-testid=testid>
                        {v}
                    </dd>
                </div>
            }
        })
    };
    view! {
        <h3 class="text-xl font-semibold" data-testid="profile-name">
            {c.name.clone()}
        </h3>
        <p class="text-xs text-slate-500">"Contact since " {short_date(&profile.created_at)}</p>
        <dl class="mt-3 divide-y divide-slate-100">
            {row("Email", c.email.clone(), "profile-email")}
            {row("Phone", c.phone.clone(), "profile-phone")}
            {row("Last IP", profile.visitor.ip.clone(), "profile-ip")}
            {row("Last page", profile.visitor.page_url.clone(), "profile-page")}
            {row("Location", profile.visitor.location.clone(), "profile-location")}
        </dl>
        <Show when={
            let empty = profile.custom_attributes.is_empty();
            move || !empty
        }>
            <h4 class="mt-5 text-xs font-semibold uppercase tracking-wider text-slate-500">
                "Attributes"
            </h4>
            <dl class="mt-1 divide-y divide-slate-100" data-testid="profile-attributes">
                {profile
                    .custom_attributes
                    .clone()
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <div class="flex justify-between gap-4 py-1.5 text-sm">
                                <dt class="text-slate-500">{humanize_key(&k)}</dt>
                                <dd class="break-words text-right">{attribute_text(&v)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </Show>
        <h4 class="mt-5 text-xs font-semibold uppercase tracking-wider text-slate-500">
            "Recent conversations"
        </h4>
        <ul class="mt-1 divide-y divide-slate-100" data-testid="profile-conversations">
            {profile
                .recent_conversations
                .clone()
                .into_iter()
                .map(|r| {
                    view! {
                        <li class="py-2 text-sm">
                            <A
                                href=format!("/inbox/{}", r.id)
                                attr:class="flex items-center justify-between gap-2 hover:underline"
                            >
                                <span class="truncate">{r.subject.clone()}</span>
                                <StatusBadge status=r.status />
                            </A>
                            <span class="text-xs text-slate-500">
                                {r.last_message_at.as_ref().map(short_time)}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

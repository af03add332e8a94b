//! The sidebar: inboxes with their unread counts (kept live by the event stream), the admin
//! links, the team switcher and the live indicator.

use crate::errors::AppError;
use crate::live::{LiveIndicator, use_live_feed};
use crate::server_fns::auth::{Logout, SwitchTeam};
use crate::server_fns::inbox::list_inboxes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};
use model::conversation::InboxSummary;
use model::live::tab_title;
use model::team::{TeamMembership, Viewer};
use server_fn::ServerFn;

/// Bumped whenever a change may alter unread counts or list order; lists refetch on it.
#[derive(Clone, Copy)]
pub struct InboxChanges(pub RwSignal<u64>);

impl InboxChanges {
    /// Tells every list to refetch.
    pub fn bump(&self) {
        self.0.update(|n| *n += 1);
    }
}

/// Navigation, the team's inboxes with unread counts, the team switcher and the user menu.
/// A column on wide screens, a compact bar on phones.
#[component]
pub fn Sidebar(viewer: Viewer) -> impl IntoView {
    let changes = InboxChanges(RwSignal::new(0));
    provide_context(changes);
    let location = use_location();
    let inboxes = Resource::new(
        move || (changes.0.get(), location.pathname.get()),
        |_| list_inboxes(),
    );
    // Whatever changes conversations elsewhere (another agent, the REST API, an inbound email)
    // refreshes the lists and unread counts here.
    if let Some(feed) = use_live_feed() {
        feed.on_event(move |event| {
            if event.touches_lists() {
                changes.bump();
            }
        });
    }
    let unread_total = Memo::new(move |_| {
        inboxes
            .get()
            .and_then(Result::ok)
            .map_or(0, |list| list.iter().map(|i| i.unread).sum())
    });
    let nav_link = "block rounded-md px-3 py-2 text-sm font-medium text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:bg-slate-800 aria-[current=page]:text-white";
    let admin = viewer.is_admin();
    let teams = viewer.teams.clone();
    let current_team = viewer.team.team_id;
    view! {
        // The title is written after the page's owner may be gone (a stream cut short): then it
        // has no count rather than a panic.
        <Title formatter=move |text: String| {
            tab_title(unread_total.try_get().unwrap_or_default(), &text)
        } />
        <aside
            class="flex shrink-0 flex-col gap-3 bg-slate-900 p-3 text-slate-100 md:w-64 md:gap-5 md:p-4"
            data-testid="sidebar"
        >
            <div class="flex items-center justify-between gap-2">
                <A href="/inbox" attr:class="text-lg font-bold tracking-tight text-white">
                    "Chatlane"
                </A>
                <span class="truncate text-xs text-slate-400" data-testid="current-team">
                    {viewer.team.team_name.clone()}
                </span>
                <form method="post" action=Logout::url() class="md:hidden">
                    <button
                        class="text-xs text-slate-400 hover:text-white"
                        data-testid="logout-compact"
                    >
                        "Sign out"
                    </button>
                </form>
            </div>
            <nav class="flex gap-1 md:flex-col" aria-label="Main">
                <A href="/inbox" attr:class=nav_link>
                    "Inbox"
                </A>
                <A href="/contacts" attr:class=nav_link>
                    "Contacts"
                </A>
                <Show when={
                    let admin = viewer.is_admin();
                    move || admin
                }>
                    <A href="/integrations" attr:class=nav_link attr:data-testid="nav-integrations">
                        "Integrations"
                    </A>
                    <A href="/settings" attr:class=nav_link>
                        "Settings"
                    </A>
                </Show>
                // Agents have one settings page: their own API tokens.
                <Show when=move || !admin>
                    <A
                        href="/settings/api-tokens"
                        attr:class=nav_link
                        attr:data-testid="nav-api-tokens"
                    >
                        "API tokens"
                    </A>
                </Show>
            </nav>
            <div class="min-w-0">
                <h2 class="hidden px-3 text-xs font-semibold uppercase tracking-wider text-slate-400 md:block">
                    "Inboxes"
                </h2>
                <InboxLinks inboxes admin />
            </div>
            <div class="mt-auto hidden flex-col gap-2 border-t border-slate-800 pt-3 md:flex">
                <LiveIndicator />
                <TeamSwitch teams current_team />
                <SignedInAs name=viewer.name.clone() />
            </div>
        </aside>
    }
    .into_any()
}

/// The team's inboxes with their unread counts (the selected one highlighted), and for admins a
/// link to each inbox's settings.
#[component]
fn InboxLinks(
    inboxes: Resource<Result<Vec<InboxSummary>, AppError>>,
    admin: bool,
) -> impl IntoView {
    let query = use_query_map();
    let selected_inbox = move || query.read().get("inbox");
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = inboxes.await.unwrap_or_default();
                view! {
                    <ul
                        class="mt-1 flex gap-1 overflow-x-auto md:flex-col"
                        data-testid="inbox-list"
                    >
                        {list
                            .into_iter()
                            .map(|inbox| {
                                let id = inbox.id.to_string();
                                let href = format!("/inbox?inbox={}", inbox.id);
                                let is_selected = move || {
                                    selected_inbox().as_deref() == Some(id.as_str())
                                };
                                view! {
                                    <li class="flex shrink-0 items-center">
                                        <a
                                            href=href
                                            class="flex min-w-0 flex-1 items-center justify-between gap-3 rounded-md px-3 py-1.5 text-sm text-slate-300 hover:bg-slate-800 hover:text-white"
                                            class:bg-slate-800=is_selected
                                            data-testid="inbox-link"
                                        >
                                            <span class="truncate">{inbox.name.clone()}</span>
                                            <Show when=move || { inbox.unread > 0 }>
                                                <span
                                                    class="rounded-full bg-indigo-500 px-2 text-xs font-semibold text-white"
                                                    data-testid="unread-count"
                                                >
                                                    {inbox.unread}
                                                </span>
                                            </Show>
                                        </a>
                                        <Show when=move || admin>
                                            <a
                                                href=format!("/inboxes/{}/settings", inbox.id)
                                                class="hidden rounded px-1.5 py-1 text-xs text-slate-400 hover:bg-slate-800 hover:text-white md:block"
                                                aria-label=format!("{} settings", inbox.name)
                                                data-testid="inbox-settings-link"
                                            >
                                                "⚙"
                                            </a>
                                        </Show>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}

/// The team switcher, for members of more than one team.
#[component]
fn TeamSwitch(teams: Vec<TeamMembership>, current_team: i64) -> impl IntoView {
    let other_teams = teams.len() > 1;
    view! {
        <Show when=move || other_teams>
            <form method="post" action=SwitchTeam::url() class="flex gap-1">
                <label class="sr-only" for="team-switch">
                    "Team"
                </label>
                <select
                    id="team-switch"
                    name="team_id"
                    class="min-w-0 flex-1 rounded bg-slate-800 px-2 py-1 text-sm text-slate-100"
                >
                    {teams
                        .clone()
                        .into_iter()
                        .map(|t| {
                            view! {
                                <option
                                    value=t.team_id.to_string()
                                    selected=t.team_id == current_team
                                >
                                    {t.team_name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <button class="rounded bg-slate-700 px-2 py-1 text-xs hover:bg-slate-600">
                    "Switch"
                </button>
            </form>
        </Show>
    }
}

/// Who is signed in, with Sign out.
#[component]
fn SignedInAs(name: String) -> impl IntoView {
    view! {
        <div class="flex items-center justify-between gap-2 text-sm">
            <span class="truncate text-slate-300" data-testid="viewer-name">
                {name}
            </span>
            <form method="post" action=Logout::url()>
                <button class="text-slate-400 hover:text-white" data-testid="logout">
                    "Sign out"
                </button>
            </form>
        </div>
    }
}

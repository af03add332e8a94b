//! `/settings`: the team's members and their roles (admins only).

use crate::errors::AppError;
use crate::layout::AdminPage;
use crate::server_fns::settings::list_team_members;
use crate::settings::SettingsNav;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use model::team::TeamMember;

/// `/settings`: the team's members. Agents get the "Admins only" page (the server refuses them too).
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct TeamSettingsRoute {
    members: Resource<Result<Vec<TeamMember>, AppError>>,
}

#[lazy_route]
impl LazyRoute for TeamSettingsRoute {
    fn data() -> Self {
        let members = Resource::new(|| (), |_| list_team_members());
        Self { members }
    }

    fn view(this: Self) -> AnyView {
        view! { <TeamSettingsPage route=this /> }.into_any()
    }
}

#[component]
fn TeamSettingsPage(route: TeamSettingsRoute) -> impl IntoView {
    let TeamSettingsRoute { members } = route;
    view! {
        <AdminPage
            title="Settings"
            data=members
            body=move |list| {
                view! {
                    <h1 class="text-lg font-semibold">"Team members"</h1>
                    <ul
                        class="mt-4 max-w-2xl divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
                        data-testid="team-members"
                    >
                        {list
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <li class="flex items-center justify-between gap-4 px-4 py-3 text-sm">
                                        <span>
                                            <span class="font-medium">{m.name}</span>
                                            <span class="ml-2 text-slate-500">{m.email}</span>
                                        </span>
                                        <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                                            {m.role.as_str()}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            }
        >
            <SettingsNav />
        </AdminPage>
    }
}

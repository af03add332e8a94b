//! `/settings/api-tokens`: create (shown once) and revoke the team's REST API tokens (admins
//! only).

use crate::errors::AppError;
use crate::format::short_time;
use crate::layout::{AdminPage, Button, FieldError, INPUT};
use crate::server_fns::settings::{CreateApiToken, RevokeApiToken, list_api_tokens};
use crate::settings::SettingsNav;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use model::api_token::{ApiTokenView, NewApiTokenView};
use model::team::Viewer;

/// `/settings/api-tokens`: create (the token is shown once, with a copy button), list and revoke
/// the team's REST API tokens. Agents get the "Admins only" page.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct ApiTokensRoute {
    create: ServerAction<CreateApiToken>,
    revoke: ServerAction<RevokeApiToken>,
    tokens: Resource<Result<Vec<ApiTokenView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for ApiTokensRoute {
    fn data() -> Self {
        let create = ServerAction::<CreateApiToken>::new();
        let revoke = ServerAction::<RevokeApiToken>::new();
        let tokens = Resource::new(
            move || (create.version().get(), revoke.version().get()),
            |_| list_api_tokens(),
        );
        Self {
            create,
            revoke,
            tokens,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <ApiTokensPage route=this /> }.into_any()
    }
}

#[component]
fn ApiTokensPage(route: ApiTokensRoute) -> impl IntoView {
    let ApiTokensRoute {
        create,
        revoke,
        tokens,
    } = route;
    view! {
        <AdminPage
            title="API tokens"
            data=tokens
            body=move |list| {
                view! {
                    <div class="max-w-3xl space-y-6">
                        <CreateTokenForm action=create />
                        <TokenList tokens=list revoke />
                    </div>
                }
            }
        >
            <SettingsNav />
        </AdminPage>
    }
}

/// The name field, and the new token once created.
#[component]
fn CreateTokenForm(action: ServerAction<CreateApiToken>) -> impl IntoView {
    let name_error = move || match action.value().get() {
        Some(Err(e)) => Some(e.field("name").unwrap_or_else(|| e.to_string())),
        _ => None,
    };
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4">
            <h1 class="text-lg font-semibold">"API tokens"</h1>
            <p class="mt-1 text-sm text-slate-600">
                "A token lets another system (Zapier, a script) use the REST API as you, with your role, in the team you choose only. Send it as "
                <code class="rounded bg-slate-100 px-1">"Authorization: Bearer <token>"</code>". "
                <a
                    href="/docs/api"
                    rel="external"
                    class="text-indigo-700 underline"
                    data-testid="api-reference-link"
                >
                    "API reference"
                </a>
            </p>
            <ActionForm action attr:class="mt-4 flex items-start gap-2">
                <div class="flex-1">
                    <label for="token-name" class="sr-only">
                        "Token name"
                    </label>
                    <input
                        id="token-name"
                        name="name"
                        placeholder="What is it for? e.g. Zapier Integration"
                        maxlength="100"
                        class="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
                        data-testid="token-name"
                    />
                    <FieldError message=Signal::derive(name_error) testid="token-error" />
                </div>
                <TeamPicker />
                <button
                    type="submit"
                    class=Button::Primary.class()
                    disabled=move || action.pending().get()
                    data-testid="token-create"
                >
                    "Create token"
                </button>
            </ActionForm>
            {move || match action.value().get() {
                Some(Ok(created)) => Some(view! { <NewToken created /> }),
                _ => None,
            }}
        </section>
    }
}

/// The team the token is for, when the viewer belongs to several (the current one first
/// selected); nothing otherwise (the current team).
#[component]
fn TeamPicker() -> impl IntoView {
    let viewer = use_context::<Viewer>();
    viewer.filter(|v| v.teams.len() > 1).map(|v| {
        let current = v.team.team_id;
        view! {
            <label class="text-xs font-medium text-slate-700">
                "Team" <select name="team_id" class=INPUT data-testid="token-team">
                    {v
                        .teams
                        .into_iter()
                        .map(|t| {
                            view! {
                                <option value=t.team_id.to_string() selected=t.team_id == current>
                                    {t.team_name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    })
}

/// The plain token, shown once, with a copy button.
#[component]
fn NewToken(created: NewApiTokenView) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let plain = created.plain.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let plain = plain.clone();
            leptos::task::spawn_local(async move {
                let ok = match web_sys::window() {
                    Some(w) => {
                        let promise = w.navigator().clipboard().write_text(&plain);
                        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
                    }
                    None => false,
                };
                copied.set(Some(ok));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &plain;
    };
    view! {
        <div
            class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3"
            data-testid="new-token-panel"
        >
            <p class="text-sm font-medium text-emerald-900">
                {format!(
                    "Token “{}” created. Copy it now: it will not be shown again.",
                    created.token.name,
                )}
            </p>
            <div class="mt-2 flex gap-2">
                <input
                    readonly
                    value=created.plain.clone()
                    aria-label="New API token"
                    class="flex-1 rounded-md border border-emerald-300 bg-white px-3 py-1.5 font-mono text-sm"
                    data-testid="new-token"
                />
                <button
                    type="button"
                    on:click=copy
                    class="rounded-md border border-emerald-300 bg-white px-3 py-1.5 text-sm font-medium text-emerald-900 hover:bg-emerald-100"
                    data-testid="token-copy"
                >
                    {move || match copied.get() {
                        Some(true) => "Copied",
                        Some(false) => "Select and copy",
                        None => "Copy",
                    }}
                </button>
            </div>
        </div>
    }
}

/// The team's active tokens, each with a two-step revoke.
#[component]
fn TokenList(tokens: Vec<ApiTokenView>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    if tokens.is_empty() {
        return view! {
            <p class="text-sm text-slate-500" data-testid="no-tokens">
                "No API tokens yet."
            </p>
        }
        .into_any();
    }
    view! {
        <table
            class="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm"
            data-testid="token-list"
        >
            <thead class="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                    <th class="px-4 py-2">"Name"</th>
                    <th class="px-4 py-2">"Created"</th>
                    <th class="px-4 py-2">"Last used"</th>
                    <th class="px-4 py-2">
                        <span class="sr-only">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
                {tokens.into_iter().map(|t| view! { <TokenRow token=t revoke /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn TokenRow(token: ApiTokenView, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let id = token.id;
    view! {
        <tr data-testid="token-row">
            <td class="px-4 py-2">
                <span class="font-medium">{token.name}</span>
                <span class="ml-2 text-xs text-slate-500">
                    {format!("chl_{id}_… · by {}", token.created_by)}
                </span>
            </td>
            <td class="px-4 py-2 text-slate-600">{short_time(&token.created_at)}</td>
            <td class="px-4 py-2 text-slate-600" data-testid="token-last-used">
                {token.last_used_at.as_ref().map_or_else(|| "Never".to_string(), short_time)}
            </td>
            <td class="px-4 py-2 text-right">
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                on:click=move |_| confirming.set(true)
                                class="text-sm text-red-600 hover:underline"
                                data-testid="token-revoke"
                            >
                                "Revoke"
                            </button>
                        }
                    }
                >
                    <ActionForm action=revoke attr:class="inline-flex items-center gap-2">
                        <input type="hidden" name="id" value=id.to_string() />
                        <span class="text-xs text-slate-600">
                            "Apps using it will stop working."
                        </span>
                        <button
                            type="submit"
                            class="rounded-md bg-red-600 px-2 py-1 text-xs font-medium text-white hover:bg-red-500"
                            data-testid="token-revoke-confirm"
                        >
                            "Revoke"
                        </button>
                        <button
                            type="button"
                            on:click=move |_| confirming.set(false)
                            class="text-xs text-slate-600 hover:underline"
                        >
                            "Cancel"
                        </button>
                    </ActionForm>
                </Show>
            </td>
        </tr>
    }
}

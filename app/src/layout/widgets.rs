//! Widgets every area shows: the error panel, status pills, avatars, the not-found and
//! admins-only pages, and the shell every admin page is drawn in.

use crate::errors::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::ConversationStatus;

/// A full-width error message.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <div
            class="m-6 rounded-lg border border-red-200 bg-red-50 p-4 text-red-800"
            role="alert"
            data-testid="error-panel"
        >
            {error.to_string()}
        </div>
    }
}

/// A status pill.
#[component]
pub fn StatusBadge(status: ConversationStatus) -> impl IntoView {
    let class = match status {
        ConversationStatus::Active => "bg-emerald-100 text-emerald-800",
        ConversationStatus::Pending => "bg-amber-100 text-amber-800",
        ConversationStatus::Closed => "bg-slate-200 text-slate-700",
    };
    view! {
        <span class=format!(
            "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium {class}",
        )>{status.label()}</span>
    }
}

/// A round avatar with initials.
#[component]
pub fn Avatar(#[prop(into)] name: String) -> impl IntoView {
    view! {
        <span class="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">
            {crate::format::initials(&name)}
        </span>
    }
}

/// The page for unknown URLs.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <div class="mx-auto max-w-md p-10 text-center">
            <h1 class="text-2xl font-semibold">"Page not found"</h1>
            <p class="mt-2 text-slate-600">"There is nothing at this address."</p>
            <A href="/inbox" attr:class="mt-4 inline-block text-indigo-600 hover:underline">
                "Back to the inbox"
            </A>
        </div>
    }
}

/// Shown to agents who open an admin page.
#[component]
pub fn AdminsOnly() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <div class="mx-auto max-w-md p-10 text-center" data-testid="admins-only">
            <h1 class="text-2xl font-semibold">"Admins only"</h1>
            <p class="mt-2 text-slate-600">
                "This page is for admins of your team. Ask an admin if you need something changed here."
            </p>
            <A href="/inbox" attr:class="mt-4 inline-block text-indigo-600 hover:underline">
                "Back to the inbox"
            </A>
        </div>
    }
}

/// The shell of an admin page: its tab title (`{title} · Chatlane`), `children` above the data
/// (the settings tabs, a back link), and `body` of the page's data once it loads, with one
/// "Loading…", one "Admins only" for agents and one error panel for every admin page.
#[component]
pub fn AdminPage<T, B, V>(
    title: &'static str,
    data: Resource<Result<T, AppError>>,
    body: B,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    B: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Title text=format!("{title} · Chatlane") />
        <div class="flex-1 overflow-y-auto p-6">
            {children.map(|c| c())}
            <Suspense fallback=|| {
                view! { <p class="text-slate-500">"Loading…"</p> }
            }>
                {move || {
                    let body = body.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(AppError::Forbidden(_)) => view! { <AdminsOnly /> }.into_any(),
                            Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                            Ok(d) => body(d).into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

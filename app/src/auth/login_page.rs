//! `/login`: the sign-in form, with the server's answer (wrong password, locked) next to it.

use crate::errors::AppError;
use crate::layout::FieldError;
use crate::server_fns::auth::Login;
use leptos::prelude::*;
use leptos_meta::Title;

/// Email and password sign-in. Errors appear next to the form; nothing else changes.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = move || match login.value().get() {
        Some(Err(e)) => Some(e),
        _ => None,
    };
    let general = Signal::derive(move || {
        error()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| e.to_string())
    });
    view! {
        <Title text="Sign in · Chatlane" />
        <div class="flex min-h-screen items-center justify-center px-4">
            <div class="w-full max-w-sm">
                <h1 class="mb-1 text-center text-3xl font-bold tracking-tight">"Chatlane"</h1>
                <p class="mb-6 text-center text-sm text-slate-500">
                    "Sign in to your team's inbox"
                </p>
                <ActionForm action=login>
                    <div class="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
                        <div>
                            <label for="email" class="block text-sm font-medium text-slate-700">
                                "Email"
                            </label>
                            <input
                                id="email"
                                name="email"
                                type="email"
                                autocomplete="username"
                                required
                                maxlength="254"
                                class="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
                                data-testid="login-email"
                            />
                        </div>
                        <div>
                            <label for="password" class="block text-sm font-medium text-slate-700">
                                "Password"
                            </label>
                            <input
                                id="password"
                                name="password"
                                type="password"
                                autocomplete="current-password"
                                required
                                maxlength="256"
                                class="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
                                data-testid="login-password"
                            />
                        </div>
                        <FieldError message=general testid="login-error" />
                        <button
                            type="submit"
                            class="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
                            disabled=move || login.pending().get()
                            data-testid="login-submit"
                        >
                            {move || {
                                if login.pending().get() { "Signing in…" } else { "Sign in" }
                            }}
                        </button>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}

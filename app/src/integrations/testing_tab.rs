//! The editor's Testing tab: run the form as it stands (saved or not) against a contact found by
//! name or email, or against sample values for exactly the variables the form uses; see status,
//! duration, the URL called, the answer's type and size, and the body.

use super::form::IntegrationForm;
use crate::errors::AppError;
use crate::layout::{Button, INPUT};
use crate::server_fns::contacts::search_contacts;
use crate::server_fns::integrations::TestIntegration;
use leptos::prelude::*;
use model::contact::ContactSummary;
use model::integration::{RunStatus, TestOutcome};
use std::collections::BTreeMap;

/// The Testing tab of integration `id` (`None` until saved).
#[component]
pub fn TestingTab(
    form: IntegrationForm,
    id: Option<i64>,
    action: ServerAction<TestIntegration>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<ContactSummary>);
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let run = move |_| {
        let sample: BTreeMap<String, serde_json::Value> = values
            .get()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        action.dispatch(TestIntegration {
            id,
            input: form.input(),
            contact_id: chosen.get().map(|c| c.id),
            values: sample,
        });
    };
    view! {
        <div class="space-y-4" data-testid="testing-tab">
            <ContactPicker chosen />
            <Show when=move || chosen.get().is_none()>
                <SampleValues form values />
            </Show>
            <button
                type="button"
                class=Button::Primary.class()
                disabled=move || action.pending().get()
                on:click=run
                data-testid="run-test"
            >
                {move || if action.pending().get() { "Running…" } else { "Run Test" }}
            </button>
            <TestResult action />
        </div>
    }
    .into_any()
}

#[component]
fn Outcome(outcome: TestOutcome) -> impl IntoView {
    let (label, tone) = match outcome.status {
        RunStatus::Ok => ("Success", "bg-emerald-50 text-emerald-700"),
        RunStatus::Error => ("Failed", "bg-red-50 text-red-700"),
        RunStatus::Skipped => ("Skipped", "bg-slate-100 text-slate-700"),
    };
    let facts = [
        outcome.http_status.map(|s| format!("HTTP {s}")),
        outcome.content_type.clone(),
        outcome.content_length.map(|n| format!("{n} bytes")),
    ];
    view! {
        <div class="space-y-2 rounded-md border border-slate-200 p-3" data-testid="test-outcome">
            <div class="flex flex-wrap items-center gap-2 text-sm">
                <span
                    class=format!("rounded-full px-2 py-0.5 text-xs font-medium {tone}")
                    data-testid="test-status"
                >
                    {label}
                </span>
                <span class="text-slate-600" data-testid="test-duration">
                    {format!("{} ms", outcome.duration_ms)}
                </span>
                {facts
                    .into_iter()
                    .flatten()
                    .map(|f| {
                        view! {
                            <span class="text-slate-500" data-testid="test-fact">
                                {f}
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
            {outcome
                .resolved_url
                .clone()
                .map(|u| {
                    view! {
                        <p
                            class="break-all font-mono text-xs text-slate-600"
                            data-testid="test-url"
                        >
                            {format!("{} {u}", outcome.method.as_str())}
                        </p>
                    }
                })}
            {outcome
                .error
                .clone()
                .map(|e| {
                    view! {
                        <p class="text-sm text-red-700" data-testid="test-error">
                            {e}
                        </p>
                    }
                })}
            {outcome
                .body
                .clone()
                .map(|b| {
                    view! {
                        <pre
                            class="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs"
                            data-testid="test-body"
                        >
                            {b}
                        </pre>
                    }
                })}
        </div>
    }
    .into_any()
}

/// "Test with a contact": a search by name or email, and the contact chosen (with Change).
#[component]
fn ContactPicker(chosen: RwSignal<Option<ContactSummary>>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    // Searched in the browser only: typing is the browser's business, and a resource created
    // inside the editor's own loading would otherwise have to match between server and browser.
    let found = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().len() < 2 {
                return Ok(Vec::new());
            }
            search_contacts(q, 1).await.map(|p| p.items)
        }
    });
    view! {
        <div class="rounded-md border border-slate-200 p-3">
            <h3 class="text-sm font-medium">"Test with a contact"</h3>
            {move || match chosen.get() {
                Some(c) => {
                    view! {
                        <p class="mt-2 flex items-center gap-2 text-sm" data-testid="test-contact">
                            {format!("{} {}", c.name, c.email.clone().unwrap_or_default())}
                            <button
                                type="button"
                                class="text-xs text-indigo-600 hover:underline"
                                on:click=move |_| chosen.set(None)
                                data-testid="test-contact-clear"
                            >
                                "Change"
                            </button>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <input
                            class=format!("{INPUT} mt-2")
                            placeholder="Search contacts by name or email"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))
                            data-testid="test-contact-search"
                        />
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                let list = found.await.unwrap_or_default();
                                view! {
                                    <ul class="mt-1 divide-y divide-slate-100 text-sm">
                                        {list
                                            .into_iter()
                                            .map(|c| {
                                                let label = format!(
                                                    "{} {}",
                                                    c.name,
                                                    c.email.clone().unwrap_or_default(),
                                                );
                                                view! {
                                                    <li>
                                                        <button
                                                            type="button"
                                                            class="w-full px-2 py-1 text-left hover:bg-slate-50"
                                                            on:click=move |_| chosen.set(Some(c.clone()))
                                                            data-testid="test-contact-option"
                                                        >
                                                            {label}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        </Transition>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// "…or with sample values": one input per variable the configuration uses.
#[component]
fn SampleValues(
    form: IntegrationForm,
    values: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    view! {
        <div class="rounded-md border border-slate-200 p-3">
            <h3 class="text-sm font-medium">"…or with sample values"</h3>
            {move || {
                let used = form.input().used_variables();
                if used.is_empty() {
                    return view! {
                        <p class="mt-1 text-sm text-slate-500">
                            "This configuration uses no variables."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <div class="mt-2 grid gap-2 sm:grid-cols-2">
                        {used
                            .into_iter()
                            .map(|name| {
                                let key = name.clone();
                                let read = name.clone();
                                view! {
                                    <label class="text-xs font-medium text-slate-700">
                                        {format!("{{{{{name}}}}}")}
                                        <input
                                            class=INPUT
                                            prop:value=move || {
                                                values.get().get(&read).cloned().unwrap_or_default()
                                            }
                                            on:input=move |ev| {
                                                let v = event_target_value(&ev);
                                                values
                                                    .update(|m| {
                                                        m.insert(key.clone(), v);
                                                    });
                                            }
                                            data-testid=format!("test-value-{name}")
                                        />
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </div>
    }
}

/// What the last test came to: the outcome, or why it could not run.
#[component]
fn TestResult(action: ServerAction<TestIntegration>) -> impl IntoView {
    view! {
        {move || {
            action
                .value()
                .get()
                .map(|r| match r {
                    Ok(outcome) => view! { <Outcome outcome /> }.into_any(),
                    Err(AppError::Validation(_)) => {
                        view! {
                            <p
                                class="text-sm text-red-700"
                                role="alert"
                                data-testid="test-form-error"
                            >
                                "Fix the highlighted fields in Configuration first."
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <p
                                class="text-sm text-red-700"
                                role="alert"
                                data-testid="test-form-error"
                            >
                                {e.to_string()}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

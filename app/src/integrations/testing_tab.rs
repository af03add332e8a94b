//! The editor's Testing tab: run the form as it stands (saved or not) with the values of a
//! contact found by name, email, phone or ID (and one of their conversations, for the
//! `conversation.*` and `inbox.*` variables), edited before the run if need be, or with values
//! typed by hand; see status, duration, the URL called, the answer's type and size, and the body.

use super::form::IntegrationForm;
use crate::errors::AppError;
use crate::layout::{Button, INPUT};
use crate::server_fns::contacts::{get_contact_profile, search_contacts};
use crate::server_fns::integrations::{TestIntegration, get_test_values};
use leptos::prelude::*;
use model::contact::ContactProfile;
use model::integration::{RunStatus, TestOutcome};
use serde_json::Value;
use std::collections::BTreeMap;

/// A variable's value as the inputs show it (strings unquoted, other JSON compactly).
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The Testing tab of integration `id` (`None` until saved).
#[component]
pub fn TestingTab(
    form: IntegrationForm,
    id: Option<i64>,
    action: ServerAction<TestIntegration>,
) -> impl IntoView {
    let contact_id = RwSignal::new(None::<i64>);
    let conversation_id = RwSignal::new(None::<i64>);
    // Plain signals filled by effects, which run in the browser only: the server renders the
    // tab with nothing chosen, and hydration finds the same (no resource to wait for).
    let profile = RwSignal::new(None::<Result<ContactProfile, AppError>>);
    // What the contact's values were, and the inputs' text (edited by the admin).
    let fetched = RwSignal::new(BTreeMap::<String, Value>::new());
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    Effect::new(move |_| {
        let Some(id) = contact_id.get() else {
            profile.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            let found = get_contact_profile(id).await;
            // A later choice wins over a slow answer.
            if contact_id.get_untracked() == Some(id) {
                profile.set(Some(found));
            }
        });
    });
    Effect::new(move |_| {
        let (Some(contact), conversation) = (contact_id.get(), conversation_id.get()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let read = get_test_values(contact, conversation).await;
            let current = (contact_id.get_untracked(), conversation_id.get_untracked());
            if let (Ok(map), true) = (read, current == (Some(contact), conversation)) {
                values.set(map.iter().map(|(k, v)| (k.clone(), as_text(v))).collect());
                fetched.set(map);
            }
        });
    });
    let chosen = Signal::derive(move || match profile.get() {
        Some(Ok(p)) => Some(p),
        Some(Err(_)) | None => None,
    });
    let run = move |_| {
        let (fetched, typed) = (fetched.get(), values.get());
        // A value left as the contact had it keeps its JSON type (a number stays a number in
        // an unquoted body slot); an edited one is the text typed.
        let sample: BTreeMap<String, Value> = form
            .input()
            .used_variables()
            .into_iter()
            .filter_map(|name| {
                let text = typed.get(&name).cloned().unwrap_or_default();
                match fetched.get(&name) {
                    Some(original) if as_text(original) == text => Some((name, original.clone())),
                    _ if text.is_empty() => None,
                    _ => Some((name, Value::String(text))),
                }
            })
            .collect();
        action.dispatch(TestIntegration {
            id,
            input: form.input(),
            contact_id: chosen.get_untracked().map(|p| p.contact.id),
            values: sample,
        });
    };
    let clear = Callback::new(move |()| {
        contact_id.set(None);
        conversation_id.set(None);
        fetched.set(BTreeMap::new());
        values.set(BTreeMap::new());
    });
    view! {
        <div class="space-y-4" data-testid="testing-tab">
            <ContactPicker contact_id profile chosen clear />
            <ConversationPicker chosen conversation_id />
            <SampleValues form values from_contact=Signal::derive(move || chosen.get().is_some()) />
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

/// "Test with a contact": search by name, email or phone, or type a contact's ID; the contact
/// chosen, with Change.
#[component]
fn ContactPicker(
    contact_id: RwSignal<Option<i64>>,
    profile: RwSignal<Option<Result<ContactProfile, AppError>>>,
    chosen: Signal<Option<ContactProfile>>,
    clear: Callback<()>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let typed_id = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().len() < 2 {
                return Ok(Vec::new());
            }
            search_contacts(q, 1).await.map(|p| p.items)
        }
    });
    let use_id = move || {
        if let Ok(id) = typed_id.get_untracked().trim().parse::<i64>() {
            contact_id.set(Some(id));
        }
    };
    let lookup_error = move || match profile.get() {
        Some(Err(AppError::NotFound)) => contact_id
            .get()
            .map(|id| format!("No contact with ID {id} in your team.")),
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(_)) | None => None,
    };
    view! {
        <div class="rounded-md border border-slate-200 p-3">
            <h3 class="text-sm font-medium">"Test with a contact"</h3>
            {move || match chosen.get() {
                Some(p) => {
                    view! {
                        <p class="mt-2 flex items-center gap-2 text-sm" data-testid="test-contact">
                            {format!(
                                "{} {} (ID {})",
                                p.contact.name,
                                p.contact.email.clone().unwrap_or_default(),
                                p.contact.id,
                            )}
                            <button
                                type="button"
                                class="text-xs text-indigo-700 underline"
                                on:click=move |_| clear.run(())
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
                        <div class="mt-2 grid gap-3 sm:grid-cols-3">
                            <label class="text-xs font-medium text-slate-700 sm:col-span-2">
                                "Search contacts by name, email or phone"
                                <input
                                    class=INPUT
                                    prop:value=move || query.get()
                                    on:input=move |ev| query.set(event_target_value(&ev))
                                    data-testid="test-contact-search"
                                />
                            </label>
                            <label class="text-xs font-medium text-slate-700">
                                "…or a contact ID" <span class="flex gap-1">
                                    <input
                                        class=INPUT
                                        inputmode="numeric"
                                        placeholder="e.g. 123"
                                        prop:value=move || typed_id.get()
                                        on:input=move |ev| typed_id.set(event_target_value(&ev))
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" {
                                                ev.prevent_default();
                                                use_id();
                                            }
                                        }
                                        data-testid="test-contact-id"
                                    />
                                    <button
                                        type="button"
                                        class=Button::Secondary.class()
                                        on:click=move |_| use_id()
                                        data-testid="test-contact-id-use"
                                    >
                                        "Use"
                                    </button>
                                </span>
                            </label>
                        </div>
                        <p
                            class="mt-1 text-sm text-red-700"
                            role="alert"
                            data-testid="test-contact-error"
                        >
                            {lookup_error}
                        </p>
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
                                                            on:click=move |_| contact_id.set(Some(c.id))
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

/// One of the chosen contact's recent conversations, so `{{conversation.*}}` and `{{inbox.*}}`
/// have values; none by default.
#[component]
fn ConversationPicker(
    chosen: Signal<Option<ContactProfile>>,
    conversation_id: RwSignal<Option<i64>>,
) -> impl IntoView {
    move || {
        chosen
            .get()
            .filter(|p| !p.recent_conversations.is_empty())
            .map(|p| {
                view! {
                    <label class="block text-xs font-medium text-slate-700">
                        "Conversation (for {{conversation.*}} and {{inbox.*}})"
                        <select
                            class=INPUT
                            on:change=move |ev| {
                                conversation_id.set(event_target_value(&ev).parse::<i64>().ok())
                            }
                            data-testid="test-conversation"
                        >
                            <option value="">"No conversation"</option>
                            {p
                                .recent_conversations
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <option
                                            value=c.id.to_string()
                                            selected=move || conversation_id.get() == Some(c.id)
                                        >
                                            {format!("#{} {}", c.id, c.subject)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                }
            })
    }
}

/// The value of every variable the configuration uses, editable: filled from the chosen contact
/// (`from_contact`), or typed by hand.
#[component]
fn SampleValues(
    form: IntegrationForm,
    values: RwSignal<BTreeMap<String, String>>,
    from_contact: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="rounded-md border border-slate-200 p-3">
            <h3 class="text-sm font-medium">
                {move || {
                    if from_contact.get() {
                        "The contact's values (edit them to try another)"
                    } else {
                        "…or test with values you type"
                    }
                }}
            </h3>
            {move || {
                let used = form.input().used_variables();
                if used.is_empty() {
                    return view! {
                        <p class="mt-1 text-sm text-slate-600">
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

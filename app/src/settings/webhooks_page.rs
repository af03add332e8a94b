//! `/settings/webhooks`: add, switch, test, rotate and delete webhooks, each with its delivery
//! log (admins only).

use crate::errors::AppError;
use crate::layout::{ActionOutcome, ActionStatus, AdminPage, DeleteWithConfirm};
use crate::layout::{Checkbox, FieldError, INPUT};
use crate::server_fns::webhooks::{
    CreateWebhook, DeleteWebhook, RotateWebhookSecret, SendWebhookTest, SetWebhookActive,
    list_webhooks,
};
use crate::settings::{DeliveryLogPanel, SettingsNav};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use model::webhook::{EventType, PayloadFormat, WebhookInput, WebhookView};

/// `/settings/webhooks`: add webhooks (URL, description, events; the signing secret is shown
/// once), switch them on and off, send a test event, rotate the secret, delete, and read each
/// one's delivery log with Redeliver. Agents get the "Admins only" page.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct WebhooksRoute {
    create: ServerAction<CreateWebhook>,
    delete: ServerAction<DeleteWebhook>,
    toggle: ServerAction<SetWebhookActive>,
    hooks: Resource<Result<Vec<WebhookView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for WebhooksRoute {
    fn data() -> Self {
        let create = ServerAction::<CreateWebhook>::new();
        let delete = ServerAction::<DeleteWebhook>::new();
        let toggle = ServerAction::<SetWebhookActive>::new();
        let hooks = Resource::new(
            move || {
                (
                    create.version().get(),
                    delete.version().get(),
                    toggle.version().get(),
                )
            },
            |_| list_webhooks(),
        );
        Self {
            create,
            delete,
            toggle,
            hooks,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <WebhooksPage route=this /> }.into_any()
    }
}

#[component]
fn WebhooksPage(route: WebhooksRoute) -> impl IntoView {
    let WebhooksRoute {
        create,
        delete,
        toggle,
        hooks,
    } = route;
    view! {
        <AdminPage
            title="Webhooks"
            data=hooks
            body=move |list| {
                view! {
                    <div class="max-w-4xl space-y-6">
                        <AddWebhookForm action=create />
                        <WebhookList hooks=list delete toggle />
                    </div>
                }
            }
        >
            <SettingsNav />
        </AdminPage>
    }
    .into_any()
}

/// URL, description and events; the new secret once created.
#[component]
fn AddWebhookForm(action: ServerAction<CreateWebhook>) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let events = RwSignal::new(vec![EventType::ConversationTranscript]);
    let include_notes = RwSignal::new(false);
    let format = RwSignal::new(PayloadFormat::Chatlane);
    let field_error = move |field: &'static str| match action.value().get() {
        Some(Err(e)) => e.field(field),
        _ => None,
    };
    let submit = move |_| {
        let input = WebhookInput {
            url: url.get_untracked(),
            description: description.get_untracked(),
            events: events
                .get_untracked()
                .iter()
                .map(|e| e.as_str().to_string())
                .collect(),
            is_active: true,
            include_internal_notes: include_notes.get_untracked(),
            payload_format: format.get_untracked().as_str().to_string(),
        };
        action.dispatch(CreateWebhook { input });
    };
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4">
            <h1 class="text-lg font-semibold">"Webhooks"</h1>
            <p class="mt-1 text-sm text-slate-600">
                "Chatlane POSTs events as JSON to your URL, signed per Standard Webhooks (headers "
                <code class="rounded bg-slate-100 px-1">"webhook-id"</code>", "
                <code class="rounded bg-slate-100 px-1">"webhook-timestamp"</code>", "
                <code class="rounded bg-slate-100 px-1">"webhook-signature"</code>
                "). A failed delivery is retried for about 36 hours. Transcripts are sent when a conversation is closed."
            </p>
            <div class="mt-4 grid gap-3 sm:grid-cols-2">
                <label class="block text-sm font-medium text-slate-700">
                    "URL"
                    <input
                        class=INPUT
                        placeholder="https://hooks.example.com/chatlane"
                        prop:value=move || url.get()
                        on:input=move |ev| url.set(event_target_value(&ev))
                        data-testid="webhook-url"
                    />
                    <FieldError
                        message=Signal::derive(move || field_error("url"))
                        testid="webhook-url-error"
                    />
                </label>
                <label class="block text-sm font-medium text-slate-700">
                    "Description"
                    <input
                        class=INPUT
                        placeholder="Transcripts to Salesforce"
                        maxlength="500"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                        data-testid="webhook-description"
                    />
                </label>
            </div>
            <PayloadFormatPicker format events />
            <FieldError
                message=Signal::derive(move || field_error("payload_format"))
                testid="webhook-format-error"
            />
            <fieldset class="mt-3">
                <legend class="text-sm font-medium text-slate-700">"Events"</legend>
                <div class="mt-1 grid gap-1 sm:grid-cols-2">
                    {EventType::ALL
                        .iter()
                        .map(|&e| {
                            view! {
                                <label class="flex items-center gap-2 text-sm">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || events.with(|list| list.contains(&e))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            events
                                                .update(|list| {
                                                    list.retain(|x| *x != e);
                                                    if on {
                                                        list.push(e);
                                                    }
                                                });
                                        }
                                        data-testid=format!("webhook-event-{}", e.as_str())
                                    />
                                    <code class="text-xs">{e.as_str()}</code>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <FieldError
                    message=Signal::derive(move || field_error("events"))
                    testid="webhook-events-error"
                />
            </fieldset>
            <Checkbox
                value=include_notes
                class="mt-3 text-sm font-medium text-slate-700"
                testid="webhook-include-notes"
            >
                "Include internal notes"
            </Checkbox>
            <Show when=move || include_notes.get()>
                <p
                    class="mt-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800"
                    data-testid="webhook-include-notes-warning"
                >
                    "Internal notes will leave your team: this URL receives them in transcripts, in conversation threads and as message.created, and cannot tell them from replies. Only include them for a system everyone on the team may read."
                </p>
            </Show>
            <button
                type="button"
                class="mt-4 rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
                disabled=move || action.pending().get()
                on:click=submit
                data-testid="webhook-add"
            >
                "Add webhook"
            </button>
            {move || match action.value().get() {
                Some(Ok(created)) => {
                    Some(view! { <SecretOnce secret=created.secret.unwrap_or_default() /> })
                }
                _ => None,
            }}
        </section>
    }
    .into_any()
}

/// The payload format; Chatlio's carries transcripts only, so choosing it subscribes to them
/// alone.
#[component]
fn PayloadFormatPicker(
    format: RwSignal<PayloadFormat>,
    events: RwSignal<Vec<EventType>>,
) -> impl IntoView {
    view! {
        <label class="mt-3 block text-sm font-medium text-slate-700">
            "Payload format"
            <select
                class=INPUT
                on:change=move |ev| {
                    let chosen = event_target_value(&ev).parse().unwrap_or(PayloadFormat::Chatlane);
                    format.set(chosen);
                    if chosen == PayloadFormat::Chatlio {
                        events.set(vec![EventType::ConversationTranscript]);
                    }
                }
                data-testid="webhook-format"
            >
                {PayloadFormat::ALL
                    .iter()
                    .map(|&f| {
                        view! {
                            <option value=f.as_str() selected=move || format.get() == f>
                                {f.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <Show when=move || format.get() == PayloadFormat::Chatlio>
            <p class="mt-1 text-sm text-slate-600" data-testid="webhook-format-help">
                "Transcripts in Chatlio's JSON (agentEmail, archiveUrl, conversationUUID, messages, visitor …), for receivers written for Chatlio's send-to-webhook. Signed the same way."
            </p>
        </Show>
    }
}

/// A signing secret, shown once.
#[component]
fn SecretOnce(secret: String) -> impl IntoView {
    view! {
        <div
            class="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3"
            data-testid="webhook-secret-panel"
        >
            <p class="text-sm font-medium text-emerald-900">
                "Signing secret. Copy it now: it will not be shown again."
            </p>
            <input
                readonly
                value=secret
                aria-label="Signing secret"
                class="mt-2 w-full rounded-md border border-emerald-300 bg-white px-3 py-1.5 font-mono text-sm"
                data-testid="webhook-secret"
            />
        </div>
    }
}

#[component]
fn WebhookList(
    hooks: Vec<WebhookView>,
    delete: ServerAction<DeleteWebhook>,
    toggle: ServerAction<SetWebhookActive>,
) -> impl IntoView {
    if hooks.is_empty() {
        return view! {
            <p class="text-sm text-slate-500" data-testid="no-webhooks">
                "No webhooks yet."
            </p>
        }
        .into_any();
    }
    view! {
        <ul class="space-y-3" data-testid="webhook-list">
            {hooks
                .into_iter()
                .map(|h| view! { <WebhookRow hook=h delete toggle /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn WebhookRow(
    hook: WebhookView,
    delete: ServerAction<DeleteWebhook>,
    toggle: ServerAction<SetWebhookActive>,
) -> impl IntoView {
    let id = hook.id;
    let showing_log = RwSignal::new(false);
    let test = ServerAction::<SendWebhookTest>::new();
    let rotate = ServerAction::<RotateWebhookSecret>::new();
    let button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50";
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-4" data-testid="webhook-row">
            <div class="flex flex-wrap items-center gap-2">
                <span class="font-mono text-sm" data-testid="webhook-row-url">
                    {hook.url.clone()}
                </span>
                <span class="text-sm text-slate-500">{hook.description.clone()}</span>
                <label class="ml-auto flex items-center gap-1 text-xs text-slate-600">
                    <input
                        type="checkbox"
                        prop:checked=hook.is_active
                        on:change=move |ev| {
                            toggle
                                .dispatch(SetWebhookActive {
                                    id,
                                    active: event_target_checked(&ev),
                                });
                        }
                        data-testid="webhook-active"
                    />
                    "Active"
                </label>
            </div>
            <div class="mt-1 flex flex-wrap gap-1">
                {hook
                    .events
                    .iter()
                    .map(|e| {
                        view! { <code class="rounded bg-slate-100 px-1 text-xs">{e.clone()}</code> }
                    })
                    .collect_view()}
                {(hook.payload_format == PayloadFormat::Chatlio)
                    .then(|| {
                        view! {
                            <span
                                class="rounded bg-indigo-50 px-1 text-xs text-indigo-800"
                                data-testid="webhook-chatlio-format"
                            >
                                "Chatlio format"
                            </span>
                        }
                    })}
                {hook
                    .include_internal_notes
                    .then(|| {
                        view! {
                            <span
                                class="rounded bg-amber-100 px-1 text-xs text-amber-800"
                                data-testid="webhook-includes-notes"
                            >
                                "includes internal notes"
                            </span>
                        }
                    })}
            </div>
            {hook
                .disabled_reason
                .clone()
                .map(|r| {
                    view! {
                        <p
                            class="mt-2 text-sm text-red-700"
                            role="alert"
                            data-testid="webhook-disabled-reason"
                        >
                            {r}
                        </p>
                    }
                })}
            <div class="mt-3 flex flex-wrap items-center gap-2">
                <button
                    type="button"
                    class=button
                    on:click=move |_| showing_log.update(|s| *s = !*s)
                    data-testid="webhook-show-log"
                >
                    {move || if showing_log.get() { "Hide delivery log" } else { "Delivery log" }}
                </button>
                <button
                    type="button"
                    class=button
                    on:click=move |_| {
                        test.dispatch(SendWebhookTest { id });
                        showing_log.set(true);
                    }
                    data-testid="webhook-send-test"
                >
                    "Send test event"
                </button>
                <button
                    type="button"
                    class=button
                    on:click=move |_| {
                        rotate.dispatch(RotateWebhookSecret { id });
                    }
                    data-testid="webhook-rotate"
                >
                    "Rotate secret"
                </button>
                <DeleteWithConfirm
                    question="Delete this webhook and its delivery log?"
                    on_confirm=Callback::new(move |()| {
                        delete.dispatch(DeleteWebhook { id });
                    })
                    testid="webhook-delete"
                    class="ml-auto text-xs"
                />
            </div>
            {move || match rotate.value().get() {
                Some(Ok(secret)) => Some(view! { <SecretOnce secret /> }.into_any()),
                other => {
                    Some(
                        view! { <ActionStatus outcome=ActionOutcome::of(other, None) /> }.into_any(),
                    )
                }
            }}
            <Show when=move || showing_log.get()>
                <DeliveryLogPanel
                    webhook_id=id
                    refresh=Signal::derive(move || test.version().get())
                />
            </Show>
        </li>
    }
    .into_any()
}

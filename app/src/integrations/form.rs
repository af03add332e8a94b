//! The integration editor's form state (signals per field and table row) and its Configuration
//! tab: method, URL, headers with secret toggles, query parameters, a JSON body checked as it is
//! typed, a variables picker, cache, timeout, flags and run conditions.

use super::pairs::{PairKind, PairRow, PairsTable};
use super::run_conditions_editor::RunConditionsEditor;
use crate::errors::AppError;
use crate::layout::{Checkbox, FieldError, INPUT, TextInput, field_error};
use leptos::prelude::*;
use model::integration::config::{
    CACHE_MINUTES_MAX, DEFAULT_TIMEOUT_SECONDS, HeaderEntry, HttpMethod, IntegrationInput,
    QueryParam, STALE_MINUTES_MAX,
};
use model::integration::request::parse_body;
use model::integration::run_conditions::{Condition, SkippedCard};
use model::integration::{FilterName, Variable, attribute_name};
use model::integration::{IntegrationView, is_masked};

/// The whole form, field by field.
#[derive(Clone, Copy)]
pub struct IntegrationForm {
    pub(super) name: RwSignal<String>,
    description: RwSignal<String>,
    method: RwSignal<HttpMethod>,
    url: RwSignal<String>,
    headers: RwSignal<Vec<PairRow>>,
    query: RwSignal<Vec<PairRow>>,
    body: RwSignal<String>,
    body_secret: RwSignal<bool>,
    cache_minutes: RwSignal<String>,
    stale_minutes: RwSignal<String>,
    revalidate: RwSignal<bool>,
    calls_per_minute: RwSignal<String>,
    breaker_failures: RwSignal<String>,
    breaker_cooldown_seconds: RwSignal<String>,
    timeout_seconds: RwSignal<String>,
    follow_redirects: RwSignal<bool>,
    pub(super) is_active: RwSignal<bool>,
    display_enabled: RwSignal<bool>,
    run_when_email_known: RwSignal<bool>,
    run_conditions: RwSignal<Vec<Condition>>,
    skipped_card: RwSignal<SkippedCard>,
    pub(super) template: RwSignal<Option<serde_json::Value>>,
    next_key: StoredValue<u32>,
}

/// A stored template as the Template tab writes it back (defaults filled in), so that opening an
/// integration is not a change.
fn normalized(raw: serde_json::Value) -> serde_json::Value {
    template::validate(&raw)
        .ok()
        .and_then(|t| serde_json::to_value(t).ok())
        .unwrap_or(raw)
}

impl IntegrationForm {
    /// A form holding `stored` (masked secrets stay masked), or an empty one.
    pub fn new(stored: Option<&IntegrationView>) -> Self {
        let input = stored
            .cloned()
            .map(IntegrationView::into_input)
            .unwrap_or_default();
        let form = IntegrationForm {
            name: RwSignal::new(input.name),
            description: RwSignal::new(input.description),
            method: RwSignal::new(input.method),
            url: RwSignal::new(input.url),
            headers: RwSignal::new(Vec::new()),
            query: RwSignal::new(Vec::new()),
            body: RwSignal::new(input.body.unwrap_or_default()),
            body_secret: RwSignal::new(input.body_secret),
            cache_minutes: RwSignal::new(input.cache_minutes.to_string()),
            stale_minutes: RwSignal::new(input.stale_minutes.to_string()),
            revalidate: RwSignal::new(input.revalidate),
            calls_per_minute: RwSignal::new(input.calls_per_minute.to_string()),
            breaker_failures: RwSignal::new(input.breaker_failures.to_string()),
            breaker_cooldown_seconds: RwSignal::new(input.breaker_cooldown_seconds.to_string()),
            timeout_seconds: RwSignal::new(input.timeout_seconds.to_string()),
            follow_redirects: RwSignal::new(input.follow_redirects),
            // A new integration starts switched off: test it, then Save & Activate.
            is_active: RwSignal::new(stored.is_some_and(|s| s.is_active)),
            display_enabled: RwSignal::new(input.display_enabled),
            run_when_email_known: RwSignal::new(input.run_when_email_known),
            run_conditions: RwSignal::new(input.run_conditions),
            skipped_card: RwSignal::new(input.skipped_card),
            template: RwSignal::new(input.template.map(normalized)),
            next_key: StoredValue::new(0),
        };
        for h in input.headers {
            form.add_header(&h.name, &h.value, h.secret);
        }
        for q in input.query_params {
            form.add_query(&q.name, &q.value);
        }
        form
    }

    fn key(&self) -> u32 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    fn add_header(&self, name: &str, value: &str, secret: bool) {
        let row = PairRow {
            key: self.key(),
            name: RwSignal::new(name.to_string()),
            value: RwSignal::new(value.to_string()),
            secret: RwSignal::new(secret),
        };
        self.headers.update(|h| h.push(row));
    }

    fn add_query(&self, name: &str, value: &str) {
        let row = PairRow {
            key: self.key(),
            name: RwSignal::new(name.to_string()),
            value: RwSignal::new(value.to_string()),
            secret: RwSignal::new(false),
        };
        self.query.update(|q| q.push(row));
    }

    /// What the form holds, as the server takes it. Numbers that do not parse become values the
    /// server refuses with the field's own message.
    pub fn input(&self) -> IntegrationInput {
        let number = |text: String, fallback: u32| text.trim().parse::<u32>().unwrap_or(fallback);
        let body = self.body.get();
        IntegrationInput {
            name: self.name.get(),
            description: self.description.get(),
            method: self.method.get(),
            url: self.url.get(),
            headers: self
                .headers
                .get()
                .iter()
                .map(|h| HeaderEntry {
                    name: h.name.get(),
                    value: h.value.get(),
                    secret: h.secret.get(),
                })
                .collect(),
            query_params: self
                .query
                .get()
                .iter()
                .map(|q| QueryParam {
                    name: q.name.get(),
                    value: q.value.get(),
                })
                .collect(),
            body: (!body.trim().is_empty()).then_some(body),
            body_secret: self.body_secret.get(),
            cache_minutes: number(self.cache_minutes.get(), u32::MAX),
            stale_minutes: number(self.stale_minutes.get(), u32::MAX),
            revalidate: self.revalidate.get(),
            calls_per_minute: number(self.calls_per_minute.get(), u32::MAX),
            breaker_failures: number(self.breaker_failures.get(), 0),
            breaker_cooldown_seconds: number(self.breaker_cooldown_seconds.get(), 0),
            timeout_seconds: number(self.timeout_seconds.get(), 0),
            follow_redirects: self.follow_redirects.get(),
            is_active: self.is_active.get(),
            display_enabled: self.display_enabled.get(),
            run_when_email_known: self.run_when_email_known.get(),
            run_conditions: self.run_conditions.get(),
            skipped_card: self.skipped_card.get(),
            template: self.template.get(),
        }
    }
}

/// The Configuration tab.
#[component]
pub fn ConfigurationTab(
    form: IntegrationForm,
    errors: Signal<Option<AppError>>,
    attribute_keys: Vec<String>,
) -> impl IntoView {
    let err = move |field: &str| field_error(errors, field.to_string());
    let has_body = move || form.method.get().has_body();
    view! {
        <div class="space-y-4" data-testid="configuration-tab">
            <div class="grid gap-3 sm:grid-cols-2">
                <label class="text-xs font-medium text-slate-700">
                    "Name"
                    <TextInput
                        value=form.name
                        {..}
                        placeholder="Customer Data Lookup"
                        data-testid="integration-name"
                    /> {err("name")}
                </label>
                <label class="text-xs font-medium text-slate-700">
                    "Description"
                    <TextInput
                        value=form.description
                        {..}
                        placeholder="Fetch subscription and support tier from CRM"
                        data-testid="integration-description"
                    /> {err("description")}
                </label>
            </div>
            <div class="flex gap-2">
                <label class="text-xs font-medium text-slate-700">
                    "Method"
                    <select
                        class=INPUT
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Ok(m) = v.parse::<HttpMethod>() {
                                form.method.set(m);
                            }
                        }
                        data-testid="integration-method"
                    >
                        {HttpMethod::ALL
                            .iter()
                            .map(|&m| {
                                view! {
                                    <option
                                        value=m.as_str()
                                        selected=move || form.method.get() == m
                                    >
                                        {m.as_str()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="flex-1 text-xs font-medium text-slate-700">
                    "API endpoint URL"
                    <TextInput
                        value=form.url
                        mono=true
                        {..}
                        placeholder="https://api.yourcompany.com/customers/{{contact.email}}"
                        data-testid="integration-url"
                    /> {err("url")}
                </label>
            </div>
            <PairsTable
                kind=PairKind::Header
                rows=form.headers
                on_add=Callback::new(move |()| form.add_header("", "", false))
                errors
            />
            <Show when=move || !has_body()>
                <PairsTable
                    kind=PairKind::Query
                    rows=form.query
                    on_add=Callback::new(move |()| form.add_query("", ""))
                    errors
                />
            </Show>
            <Show when=has_body>
                <BodyEditor form errors />
            </Show>
            <VariablePicker form attribute_keys=attribute_keys.clone() />
            <CallSettings form errors />
            <RunConditionsEditor
                conditions=form.run_conditions
                skipped_card=form.skipped_card
                errors
                attribute_keys
            />
            {err("form")}
        </div>
    }
    .into_any()
}

/// The request body (JSON, checked as it is typed) and whether it holds a secret.
#[component]
fn BodyEditor(form: IntegrationForm, errors: Signal<Option<AppError>>) -> impl IntoView {
    let err = move |field: &str| field_error(errors, field.to_string());
    let has_body = move || form.method.get().has_body();
    let body_problem = move || {
        let body = form.body.get();
        // A masked secret body is checked on the server, against what it stands for.
        (has_body() && !body.trim().is_empty() && !is_masked(&body))
            .then(|| parse_body(&body).err().map(|e| e.message))
            .flatten()
    };
    view! {
        <label class="block text-xs font-medium text-slate-700">
            "Request body (JSON)"
            <textarea
                class=format!("{INPUT} h-32 font-mono")
                prop:value=move || form.body.get()
                on:input=move |ev| form.body.set(event_target_value(&ev))
                placeholder="{\"email\": \"{{contact.email}}\"}"
                data-testid="integration-body"
            ></textarea>
        </label>
        <FieldError message=Signal::derive(body_problem) testid="body-json-problem" small=true />
        {err("body")}
        <Checkbox value=form.body_secret class="text-xs text-slate-700" testid="body-secret">
            "The body holds a secret (masked once saved)"
        </Checkbox>
    }
}

/// "Insert a variable": appends the chosen `{{…}}` to the body, or to the URL when the
/// method has no body.
#[component]
fn VariablePicker(form: IntegrationForm, attribute_keys: Vec<String>) -> impl IntoView {
    let has_body = move || form.method.get().has_body();
    let insert_variable = move |name: String| {
        if name.is_empty() {
            return;
        }
        let placeholder = format!("{{{{{name}}}}}");
        if has_body() {
            form.body.update(|b| b.push_str(&placeholder));
        } else {
            form.url.update(|u| u.push_str(&placeholder));
        }
    };
    view! {
        <label class="block text-xs font-medium text-slate-700">
            {move || {
                if has_body() {
                    "Insert a variable into the body"
                } else {
                    "Insert a variable into the URL"
                }
            }}
            <select
                class=INPUT
                on:change=move |ev| {
                    insert_variable(event_target_value(&ev));
                }
                prop:value=""
                data-testid="variable-picker"
            >
                <option value="">"Choose a variable…"</option>
                {Variable::ALL
                    .iter()
                    .map(|v| {
                        let name = v.as_str();
                        view! { <option value=name>{format!("{{{{{name}}}}}")}</option> }
                    })
                    .collect_view()}
                {attribute_keys
                    .into_iter()
                    .map(|key| {
                        let name = attribute_name(&key);
                        view! {
                            <option value=name.clone() data-testid="variable-attribute">
                                {format!("{{{{{name}}}}}")}
                            </option>
                        }
                    })
                    .collect_view()}
                <option value="contact.attributes.KEY">"{{contact.attributes.KEY}}"</option>
            </select>
        </label>
        <FilterList />
    }
}

/// The helper filters, one example each.
#[component]
fn FilterList() -> impl IntoView {
    view! {
        <details class="text-xs text-slate-600" data-testid="filter-list">
            <summary class="cursor-pointer font-medium text-slate-700">
                "Filters: change a value before it is inserted"
            </summary>
            <ul class="mt-1 space-y-0.5">
                {FilterName::ALL
                    .iter()
                    .map(|f| {
                        view! {
                            <li data-testid="filter-example">
                                <code class="rounded bg-slate-100 px-1">{f.example()}</code>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="mt-1">
                "Chain them left to right; the value is still escaped for where it stands (path, query, header, JSON) after the filters."
            </p>
        </details>
    }
}

/// Cache duration, timeout and the integration's switches.
#[component]
fn CallSettings(form: IntegrationForm, errors: Signal<Option<AppError>>) -> impl IntoView {
    let err = move |field: &str| field_error(errors, field.to_string());
    view! {
        <div class="grid gap-3 sm:grid-cols-2">
            <label class="text-xs font-medium text-slate-700">
                {format!("Cache duration (minutes, 0–{CACHE_MINUTES_MAX}; 0 = no cache)")}
                <TextInput
                    value=form.cache_minutes
                    {..}
                    type="number"
                    min="0"
                    max=CACHE_MINUTES_MAX.to_string()
                    data-testid="integration-cache"
                /> {err("cache_minutes")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                {format!(
                    "When the API is not answering, show the last good answer for (minutes past the cache, 0–{STALE_MINUTES_MAX}; 0 = never)",
                )}
                <TextInput
                    value=form.stale_minutes
                    {..}
                    type="number"
                    min="0"
                    max=STALE_MINUTES_MAX.to_string()
                    data-testid="integration-stale"
                /> {err("stale_minutes")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "Most calls a minute to the system, from each server (0 = no limit)"
                <TextInput
                    value=form.calls_per_minute
                    {..}
                    type="number"
                    min="0"
                    data-testid="integration-calls-per-minute"
                /> {err("calls_per_minute")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "Stop calling after this many failures in a row (1–100; default 5)"
                <TextInput
                    value=form.breaker_failures
                    {..}
                    type="number"
                    min="1"
                    max="100"
                    data-testid="integration-breaker-failures"
                /> {err("breaker_failures")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "…and try again after (seconds, 5–3600; default 30)"
                <TextInput
                    value=form.breaker_cooldown_seconds
                    {..}
                    type="number"
                    min="5"
                    max="3600"
                    data-testid="integration-breaker-cooldown"
                /> {err("breaker_cooldown_seconds")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                {format!("Timeout (seconds, 1–30; default {DEFAULT_TIMEOUT_SECONDS})")}
                <TextInput
                    value=form.timeout_seconds
                    {..}
                    type="number"
                    min="1"
                    max="30"
                    data-testid="integration-timeout"
                /> {err("timeout_seconds")}
            </label>
        </div>
        <div class="flex flex-wrap gap-4 text-sm">
            <Checkbox value=form.revalidate testid="flag-revalidate">
                "Show the last answer at once while a fresh call runs (after the cache duration)"
            </Checkbox>
            <Checkbox value=form.follow_redirects testid="flag-redirects">
                "Follow redirects (up to 3)"
            </Checkbox>
            <Checkbox value=form.display_enabled testid="flag-display">
                "Show in the profile sheet"
            </Checkbox>
            <Checkbox value=form.run_when_email_known testid="flag-email-known">
                "Also run when the contact's email becomes known"
            </Checkbox>
            <Checkbox value=form.is_active testid="flag-active">
                "Active"
            </Checkbox>
        </div>
    }
}

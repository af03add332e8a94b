//! The integration editor's form state (signals per field and table row) and its Configuration
//! tab: method, URL, headers with secret toggles, query parameters, a JSON body checked as it is
//! typed, a variables picker, cache, timeout and flags.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::IntegrationView;
use model::integration::config::{
    CACHE_MINUTES_MAX, DEFAULT_TIMEOUT_SECONDS, HeaderEntry, HttpMethod, IntegrationInput,
    QueryParam, is_secret_header,
};
use model::integration::request::parse_body;
use model::integration::variables::VARIABLES;

/// Inputs' look.
pub(super) const INPUT: &str = "w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/// One header row.
#[derive(Clone, Copy)]
pub(super) struct HeaderRow {
    key: u32,
    name: RwSignal<String>,
    value: RwSignal<String>,
    secret: RwSignal<bool>,
}

/// One query parameter row.
#[derive(Clone, Copy)]
pub(super) struct QueryRow {
    key: u32,
    name: RwSignal<String>,
    value: RwSignal<String>,
}

/// The whole form, field by field.
#[derive(Clone, Copy)]
pub struct IntegrationForm {
    pub(super) name: RwSignal<String>,
    description: RwSignal<String>,
    method: RwSignal<HttpMethod>,
    url: RwSignal<String>,
    headers: RwSignal<Vec<HeaderRow>>,
    query: RwSignal<Vec<QueryRow>>,
    body: RwSignal<String>,
    cache_minutes: RwSignal<String>,
    timeout_seconds: RwSignal<String>,
    follow_redirects: RwSignal<bool>,
    pub(super) is_active: RwSignal<bool>,
    display_enabled: RwSignal<bool>,
    run_when_email_known: RwSignal<bool>,
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
            cache_minutes: RwSignal::new(input.cache_minutes.to_string()),
            timeout_seconds: RwSignal::new(input.timeout_seconds.to_string()),
            follow_redirects: RwSignal::new(input.follow_redirects),
            // A new integration starts switched off: test it, then Save & Activate.
            is_active: RwSignal::new(stored.is_some_and(|s| s.is_active)),
            display_enabled: RwSignal::new(input.display_enabled),
            run_when_email_known: RwSignal::new(input.run_when_email_known),
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
        let row = HeaderRow {
            key: self.key(),
            name: RwSignal::new(name.to_string()),
            value: RwSignal::new(value.to_string()),
            secret: RwSignal::new(secret),
        };
        self.headers.update(|h| h.push(row));
    }

    fn add_query(&self, name: &str, value: &str) {
        let row = QueryRow {
            key: self.key(),
            name: RwSignal::new(name.to_string()),
            value: RwSignal::new(value.to_string()),
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
            cache_minutes: number(self.cache_minutes.get(), u32::MAX),
            timeout_seconds: number(self.timeout_seconds.get(), 0),
            follow_redirects: self.follow_redirects.get(),
            is_active: self.is_active.get(),
            display_enabled: self.display_enabled.get(),
            run_when_email_known: self.run_when_email_known.get(),
            template: self.template.get(),
        }
    }

    /// The form as the JSON the save and test server functions read.
    pub fn json(&self) -> String {
        serde_json::to_string(&self.input()).unwrap_or_default()
    }
}

/// The message for `field` from the last save or test, shown under the field.
pub(super) fn field_error(
    errors: Signal<Option<AppError>>,
    field: String,
) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static {
    move || {
        errors.get().and_then(|e| e.field(&field)).map(|m| {
            view! { <p class="mt-1 text-xs text-red-600" role="alert" data-testid=format!("error-{field}")>{m}</p> }
                .into_any()
        })
    }
}

/// The Configuration tab.
#[component]
pub fn ConfigurationTab(form: IntegrationForm, errors: Signal<Option<AppError>>) -> impl IntoView {
    let err = move |field: &str| field_error(errors, field.to_string());
    let has_body = move || form.method.get().has_body();
    let body_problem = move || {
        let body = form.body.get();
        (has_body() && !body.trim().is_empty())
            .then(|| parse_body(&body).err().map(|e| e.message))
            .flatten()
    };
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
        <div class="space-y-4" data-testid="configuration-tab">
            <div class="grid gap-3 sm:grid-cols-2">
                <label class="text-xs font-medium text-slate-700">"Name"
                    <input class=INPUT prop:value=move || form.name.get() on:input=move |ev| form.name.set(event_target_value(&ev)) placeholder="Customer Data Lookup" data-testid="integration-name" />
                    {err("name")}
                </label>
                <label class="text-xs font-medium text-slate-700">"Description"
                    <input class=INPUT prop:value=move || form.description.get() on:input=move |ev| form.description.set(event_target_value(&ev)) placeholder="Fetch subscription and support tier from CRM" data-testid="integration-description" />
                    {err("description")}
                </label>
            </div>
            <div class="flex gap-2">
                <label class="text-xs font-medium text-slate-700">"Method"
                    <select class=INPUT on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Ok(m) = v.parse::<HttpMethod>() { form.method.set(m); }
                    } data-testid="integration-method">
                        {HttpMethod::ALL.iter().map(|&m| view! { <option value=m.as_str() selected=move || form.method.get() == m>{m.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="flex-1 text-xs font-medium text-slate-700">"API endpoint URL"
                    <input class=format!("{INPUT} font-mono") prop:value=move || form.url.get() on:input=move |ev| form.url.set(event_target_value(&ev)) placeholder="https://api.yourcompany.com/customers/{{contact.email}}" data-testid="integration-url" />
                    {err("url")}
                </label>
            </div>
            <HeadersTable form errors />
            <Show when=move || !has_body()>
                <QueryTable form errors />
            </Show>
            <Show when=has_body>
                <label class="block text-xs font-medium text-slate-700">"Request body (JSON)"
                    <textarea class=format!("{INPUT} h-32 font-mono") prop:value=move || form.body.get() on:input=move |ev| form.body.set(event_target_value(&ev)) placeholder="{\"email\": \"{{contact.email}}\"}" data-testid="integration-body"></textarea>
                </label>
                {move || body_problem().map(|m| view! { <p class="text-xs text-red-600" role="alert" data-testid="body-json-problem">{m}</p> })}
                {err("body")}
            </Show>
            <label class="block text-xs font-medium text-slate-700">
                {move || if has_body() { "Insert a variable into the body" } else { "Insert a variable into the URL" }}
                <select class=INPUT on:change=move |ev| { insert_variable(event_target_value(&ev)); } prop:value="" data-testid="variable-picker">
                    <option value="">"Choose a variable…"</option>
                    {VARIABLES.iter().map(|(name, _)| view! { <option value=*name>{format!("{{{{{name}}}}}")}</option> }).collect_view()}
                    <option value="contact.attributes.KEY">"{{contact.attributes.KEY}}"</option>
                </select>
            </label>
            <div class="grid gap-3 sm:grid-cols-2">
                <label class="text-xs font-medium text-slate-700">{format!("Cache duration (minutes, 0–{CACHE_MINUTES_MAX}; 0 = no cache)")}
                    <input type="number" min="0" max=CACHE_MINUTES_MAX.to_string() class=INPUT prop:value=move || form.cache_minutes.get() on:input=move |ev| form.cache_minutes.set(event_target_value(&ev)) data-testid="integration-cache" />
                    {err("cache_minutes")}
                </label>
                <label class="text-xs font-medium text-slate-700">{format!("Timeout (seconds, 1–30; default {DEFAULT_TIMEOUT_SECONDS})")}
                    <input type="number" min="1" max="30" class=INPUT prop:value=move || form.timeout_seconds.get() on:input=move |ev| form.timeout_seconds.set(event_target_value(&ev)) data-testid="integration-timeout" />
                    {err("timeout_seconds")}
                </label>
            </div>
            <div class="flex flex-wrap gap-4 text-sm">
                <Flag label="Follow redirects (up to 3)" value=form.follow_redirects testid="flag-redirects" />
                <Flag label="Show in the profile sheet" value=form.display_enabled testid="flag-display" />
                <Flag label="Also run when the contact's email becomes known" value=form.run_when_email_known testid="flag-email-known" />
                <Flag label="Active" value=form.is_active testid="flag-active" />
            </div>
            {err("form")}
        </div>
    }
    .into_any()
}

#[component]
fn Flag(label: &'static str, value: RwSignal<bool>, testid: &'static str) -> impl IntoView {
    view! {
        <label class="flex items-center gap-2">
            <input type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) data-testid=testid />
            {label}
        </label>
    }
    .into_any()
}

#[component]
fn HeadersTable(form: IntegrationForm, errors: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend class="text-xs font-medium text-slate-700">"HTTP headers"</legend>
            <table class="mt-1 w-full text-left text-xs">
                <tbody>
                    {move || form.headers.get().into_iter().enumerate().map(|(i, row)| view! {
                        <tr data-testid="header-row">
                            <td class="w-1/3 pr-2 align-top">
                                <input class=INPUT prop:value=move || row.name.get() on:input=move |ev| {
                                    let name = event_target_value(&ev);
                                    if is_secret_header(&name) { row.secret.set(true); }
                                    row.name.set(name);
                                } placeholder="Authorization" data-testid="header-name" />
                                {field_error(errors, format!("headers.{i}.name"))}
                            </td>
                            <td class="pr-2 align-top">
                                <input class=format!("{INPUT} font-mono") prop:value=move || row.value.get() on:input=move |ev| row.value.set(event_target_value(&ev))
                                    placeholder="Bearer your-api-token-here" data-testid="header-value" />
                                {field_error(errors, format!("headers.{i}.value"))}
                            </td>
                            <td class="whitespace-nowrap pr-2 align-top">
                                <label class="flex items-center gap-1 py-1">
                                    <input type="checkbox" prop:checked=move || row.secret.get() on:change=move |ev| row.secret.set(event_target_checked(&ev)) data-testid="header-secret" />
                                    "Secret"
                                </label>
                            </td>
                            <td class="align-top">
                                <button type="button" class="px-1 py-1 text-slate-500 hover:text-red-600" aria-label="Remove header" on:click=move |_| form.headers.update(|h| h.retain(|r| r.key != row.key)) data-testid="header-remove">"✕"</button>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="mt-1 text-xs text-slate-500">"Secret values are encrypted and shown masked; leave a masked value as it is to keep it."</p>
            <button type="button" class="mt-1 text-xs text-indigo-600 hover:underline" on:click=move |_| form.add_header("", "", false) data-testid="header-add">"+ Add header"</button>
        </fieldset>
    }
    .into_any()
}

#[component]
fn QueryTable(form: IntegrationForm, errors: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend class="text-xs font-medium text-slate-700">"Query parameters"</legend>
            <table class="mt-1 w-full text-left text-xs">
                <tbody>
                    {move || form.query.get().into_iter().enumerate().map(|(i, row)| view! {
                        <tr data-testid="query-row">
                            <td class="w-1/3 pr-2 align-top">
                                <input class=INPUT prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev)) placeholder="email" data-testid="query-name" />
                                {field_error(errors, format!("query_params.{i}.name"))}
                            </td>
                            <td class="pr-2 align-top">
                                <input class=format!("{INPUT} font-mono") prop:value=move || row.value.get() on:input=move |ev| row.value.set(event_target_value(&ev)) placeholder="{{contact.email}}" data-testid="query-value" />
                                {field_error(errors, format!("query_params.{i}.value"))}
                            </td>
                            <td class="align-top">
                                <button type="button" class="px-1 py-1 text-slate-500 hover:text-red-600" aria-label="Remove parameter" on:click=move |_| form.query.update(|q| q.retain(|r| r.key != row.key)) data-testid="query-remove">"✕"</button>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {field_error(errors, "query_params".to_string())}
            <button type="button" class="mt-1 text-xs text-indigo-600 hover:underline" on:click=move |_| form.add_query("", "") data-testid="query-add">"+ Add parameter"</button>
        </fieldset>
    }
    .into_any()
}

//! The editor's Template tab: start from a preset or write the template's JSON, see every problem
//! by path as you type (the same validation the server runs on save), and a live preview of the
//! agent's card against the sample data (the last successful test, or pasted JSON). The visual
//! drag-and-drop builder will edit the same template.

use super::card_view::TemplateView;
use super::form::{INPUT, IntegrationForm};
use crate::server_fns::integrations::TestIntegration;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde_json::Value;
use template::validate::Problems;

/// What the template text currently is.
#[derive(Clone, PartialEq)]
enum Parsed {
    /// Empty: the automatic layout.
    Auto,
    /// Valid.
    Valid(template::Template),
    /// Not JSON.
    NotJson(String),
    /// JSON with problems.
    Invalid(Problems),
}

fn parse(text: &str) -> Parsed {
    if text.trim().is_empty() {
        return Parsed::Auto;
    }
    match serde_json::from_str::<Value>(text) {
        Err(e) => Parsed::NotJson(format!(
            "Not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        )),
        Ok(raw) => match template::validate(&raw) {
            Ok(t) => Parsed::Valid(t),
            Err(p) => Parsed::Invalid(p),
        },
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The Template tab; `sample` is the integration's last successful test answer, `now` the time
/// relative dates in the preview are reckoned from.
#[component]
pub fn TemplateTab(
    form: IntegrationForm,
    sample: Option<Value>,
    now: DateTime<Utc>,
    test: ServerAction<TestIntegration>,
) -> impl IntoView {
    let text = RwSignal::new(
        form.template
            .get_untracked()
            .as_ref()
            .map(pretty)
            .unwrap_or_default(),
    );
    let sample_text = RwSignal::new(sample.as_ref().map(pretty).unwrap_or_default());
    let parsed = Memo::new(move |_| parse(&text.get()));
    // A successful test's JSON answer becomes the sample, as it does on the server.
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = test.value().get()
            && outcome.status == model::integration::RunStatus::Ok
            && let Some(body) = outcome.body
            && serde_json::from_str::<Value>(&body).is_ok_and(|v| !v.is_string())
        {
            sample_text.set(body);
        }
    });
    // Only a valid template (or none) reaches the form that is saved.
    Effect::new(move |_| match parsed.get() {
        Parsed::Auto => form.template.set(None),
        Parsed::Valid(t) => form.template.set(serde_json::to_value(t).ok()),
        Parsed::NotJson(_) | Parsed::Invalid(_) => {}
    });
    let preview = move || {
        let data: Value = serde_json::from_str(&sample_text.get()).ok()?;
        let spec = match parsed.get() {
            Parsed::Valid(t) => Some(t),
            _ => None,
        };
        Some(template::render_result(
            spec.as_ref(),
            &data,
            &template::RenderContext { now },
        ))
    };
    let choose = move |name: String| {
        if let Some(p) = template::presets::all()
            .into_iter()
            .find(|p| p.name == name)
        {
            text.set(
                serde_json::to_value(&p.template)
                    .map(|v| pretty(&v))
                    .unwrap_or_default(),
            );
        } else if name == "auto" {
            text.set(String::new());
        }
    };
    view! {
        <div class="grid gap-4 lg:grid-cols-2" data-testid="template-tab">
            <div class="space-y-3">
                <label class="block text-xs font-medium text-slate-700">"Start from"
                    <select class=INPUT prop:value="" on:change=move |ev| choose(event_target_value(&ev)) data-testid="template-preset">
                        <option value="">"Choose a preset…"</option>
                        <option value="auto">"Automatic layout (no template)"</option>
                        {template::presets::all().into_iter().map(|p| view! { <option value=p.name>{p.name}</option> }).collect_view()}
                    </select>
                </label>
                <label class="block text-xs font-medium text-slate-700">"Template (JSON)"
                    <textarea class=format!("{INPUT} h-80 font-mono text-xs") prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) placeholder="Empty: the automatic layout" data-testid="template-json"></textarea>
                </label>
                {move || match parsed.get() {
                    Parsed::Auto => view! { <p class="text-xs text-slate-500" data-testid="template-state">"No template: agents see the automatic layout."</p> }.into_any(),
                    Parsed::Valid(t) => view! { <p class="text-xs text-emerald-700" data-testid="template-state">{format!("Valid: {} sections. Save to use it.", t.sections.len())}</p> }.into_any(),
                    Parsed::NotJson(m) => view! { <p class="text-xs text-red-600" role="alert" data-testid="template-problem">{m}</p> }.into_any(),
                    Parsed::Invalid(problems) => view! {
                        <ul class="space-y-1 text-xs text-red-600" role="alert">
                            {problems.into_iter().map(|(path, m)| view! { <li data-testid="template-problem"><code>{path}</code>": " {m}</li> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
                <label class="block text-xs font-medium text-slate-700">"Sample data (the last successful test; paste JSON to try another)"
                    <textarea class=format!("{INPUT} h-40 font-mono text-xs") prop:value=move || sample_text.get() on:input=move |ev| sample_text.set(event_target_value(&ev)) placeholder="Run a test, or paste an API answer" data-testid="template-sample"></textarea>
                </label>
            </div>
            <div>
                <h3 class="text-xs font-semibold uppercase tracking-wider text-slate-500">"Preview"</h3>
                <div class="mt-2 rounded-lg border border-slate-200 p-3" data-testid="template-preview">
                    {move || match preview() {
                        Some(sections) => view! { <TemplateView sections /> }.into_any(),
                        None => view! { <p class="text-sm text-slate-500">"Run a test or paste sample data to see the card."</p> }.into_any(),
                    }}
                </div>
            </div>
        </div>
    }
    .into_any()
}

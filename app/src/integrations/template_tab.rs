//! The editor's Template tab: start from a preset, build the card visually (drag and drop) or
//! write its JSON, see every problem by path as you go (the same validation the server runs on
//! save), and a live preview of the agent's card against the sample data (the last successful
//! test, or pasted JSON).

use super::builder::{TemplateBuilder, read_template};
use super::card_view::TemplateView;
use super::form::IntegrationForm;
use crate::layout::{FieldError, INPUT};
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
    // Read once per change, for the builder and the preview alike.
    let draft = Memo::new(move |_| read_template(&text.get()));
    let problems = Memo::new(move |_| match parsed.get() {
        Parsed::Invalid(p) => p,
        _ => Problems::new(),
    });
    let sample = Memo::new(move |_| {
        serde_json::from_str::<Value>(&sample_text.get()).unwrap_or(Value::Null)
    });
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
    // The preview follows every edit, even one that does not validate yet: a bad path shows nothing.
    let preview = move || {
        let data = sample.get();
        if data.is_null() {
            return None;
        }
        let spec = draft.get().filter(|t| !t.sections.is_empty());
        Some(template::render_result(
            spec.as_ref(),
            &data,
            &template::RenderContext { now },
        ))
    };
    view! {
        <div class="grid gap-4 lg:grid-cols-5" data-testid="template-tab">
            <div class="space-y-3 lg:col-span-3">
                <PresetPicker text />
                <TemplateState parsed />
                <TemplateBuilder text template=draft problems sample />
                <details
                    class="rounded-md border border-slate-200 p-2"
                    data-testid="template-json-editor"
                >
                    <summary class="cursor-pointer text-xs font-medium text-slate-700">
                        "Edit as JSON"
                    </summary>
                    <textarea
                        class=format!("{INPUT} mt-2 h-80 font-mono text-xs")
                        aria-label="Template (JSON)"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        placeholder="Empty: the automatic layout"
                        data-testid="template-json"
                    ></textarea>
                </details>
                <label class="block text-xs font-medium text-slate-700">
                    "Sample data (the last successful test; paste JSON to try another)"
                    <textarea
                        class=format!("{INPUT} h-40 font-mono text-xs")
                        prop:value=move || sample_text.get()
                        on:input=move |ev| sample_text.set(event_target_value(&ev))
                        placeholder="Run a test, or paste an API answer"
                        data-testid="template-sample"
                    ></textarea>
                </label>
            </div>
            <Preview preview=Signal::derive(preview) />
        </div>
    }
    .into_any()
}

/// "Start from": a preset's template, or the automatic layout, replaces the text.
#[component]
fn PresetPicker(text: RwSignal<String>) -> impl IntoView {
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
        <label class="block text-xs font-medium text-slate-700">
            "Start from"
            <select
                class=INPUT
                prop:value=""
                on:change=move |ev| choose(event_target_value(&ev))
                data-testid="template-preset"
            >
                <option value="">"Choose a preset…"</option>
                <option value="auto">"Automatic layout (no template)"</option>
                {template::presets::all()
                    .into_iter()
                    .map(|p| view! { <option value=p.name>{p.name}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Whether the template text is the automatic layout, a valid template, or what is wrong with it.
#[component]
fn TemplateState(parsed: Memo<Parsed>) -> impl IntoView {
    view! {
        {move || match parsed.get() {
            Parsed::Auto => {
                view! {
                    <p class="text-xs text-slate-500" data-testid="template-state">
                        "No template: agents see the automatic layout."
                    </p>
                }
                    .into_any()
            }
            Parsed::Valid(t) => {
                view! {
                    <p class="text-xs text-emerald-700" data-testid="template-state">
                        {format!("Valid: {} sections. Save to use it.", t.sections.len())}
                    </p>
                }
                    .into_any()
            }
            Parsed::NotJson(m) => {
                view! { <FieldError message=Some(m) testid="template-problem" small=true /> }
                    .into_any()
            }
            Parsed::Invalid(problems) => {
                view! {
                    <ul class="space-y-1 text-xs text-red-600" role="alert">
                        {problems
                            .into_iter()
                            .map(|(path, m)| {
                                view! {
                                    <li data-testid="template-problem">
                                        <code>{path}</code>
                                        ": "
                                        {m}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}

/// The agent's card as the sample data would show it (`None`: no sample yet).
#[component]
fn Preview(preview: Signal<Option<Vec<template::Rendered>>>) -> impl IntoView {
    view! {
        <div class="lg:col-span-2">
            <div class="lg:sticky lg:top-4">
                <h3 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                    "Preview"
                </h3>
                <div
                    class="mt-2 rounded-lg border border-slate-200 p-3"
                    data-testid="template-preview"
                >
                    {move || match preview.get() {
                        Some(sections) => view! { <TemplateView sections /> }.into_any(),
                        None => {
                            view! {
                                <p class="text-sm text-slate-500">
                                    "Run a test or paste sample data to see the card."
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
        </div>
    }
}

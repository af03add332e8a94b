//! The Configuration tab's run conditions: "Run only if" rows in the display templates'
//! condition language (the builder's own condition control), each checked by the server with
//! its error beside it, and what a card whose conditions fail shows.

use super::condition_editor::ConditionEditor;
use crate::errors::AppError;
use crate::layout::{INPUT_SMALL, field_error};
use leptos::prelude::*;
use model::integration::run_conditions::{
    Condition, Operator, RUN_CONDITION_PATHS, RUN_CONDITIONS_MAX, SkippedCard,
};

const PATHS_LIST: &str = "run-condition-paths";

/// The run conditions (all must hold) and the choice for cards whose conditions fail;
/// `attribute_keys` are offered as `contact.attributes.<key>` paths.
#[component]
pub fn RunConditionsEditor(
    conditions: RwSignal<Vec<Condition>>,
    skipped_card: RwSignal<SkippedCard>,
    errors: Signal<Option<AppError>>,
    attribute_keys: Vec<String>,
) -> impl IntoView {
    let paths: Vec<String> = RUN_CONDITION_PATHS
        .iter()
        .filter(|p| !p.ends_with('.'))
        .map(|p| p.to_string())
        .chain(
            attribute_keys
                .iter()
                .map(|k| format!("contact.attributes.{k}")),
        )
        .collect();
    // Only adding or removing a row redraws the list: typing in one must keep the focus.
    let count = Memo::new(move |_| conditions.with(Vec::len));
    view! {
        <fieldset class="space-y-1" data-testid="run-conditions">
            <legend class="text-xs font-medium text-slate-700">
                "Run conditions: run only when all of these hold (none: always)"
            </legend>
            <datalist id=PATHS_LIST>
                {paths.into_iter().map(|p| view! { <option value=p /> }).collect_view()}
            </datalist>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let value = Signal::derive(move || {
                            conditions.with(|list| list.get(i).cloned())
                        });
                        let on_change = Callback::new(move |changed: Option<Condition>| {
                            conditions
                                .update(|list| match changed {
                                    Some(c) => {
                                        if let Some(slot) = list.get_mut(i) {
                                            *slot = c;
                                        }
                                    }
                                    None => {
                                        if i < list.len() {
                                            list.remove(i);
                                        }
                                    }
                                });
                        });
                        view! {
                            <div data-testid="run-condition">
                                <ConditionEditor
                                    value
                                    on_change
                                    list=PATHS_LIST.to_string()
                                    lead="Run only if"
                                />
                                {field_error(errors, format!("run_conditions.{i}.path"))}
                                {field_error(errors, format!("run_conditions.{i}.value"))}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <Show when=move || { count.get() < RUN_CONDITIONS_MAX }>
                <button
                    type="button"
                    class="text-xs text-indigo-600 hover:underline"
                    on:click=move |_| {
                        conditions
                            .update(|list| {
                                list.push(Condition {
                                    path: String::new(),
                                    op: Operator::Equals,
                                    value: None,
                                })
                            })
                    }
                    data-testid="add-run-condition"
                >
                    "+ Run only if…"
                </button>
            </Show>
            {field_error(errors, "run_conditions".to_string())}
            <label class="block text-xs text-slate-700">
                "When a condition does not hold: "
                <select
                    class=INPUT_SMALL
                    prop:value=move || skipped_card.get().as_str()
                    on:change=move |ev| {
                        if let Ok(choice) = event_target_value(&ev).parse::<SkippedCard>() {
                            skipped_card.set(choice);
                        }
                    }
                    data-testid="skipped-card"
                >
                    {SkippedCard::ALL
                        .iter()
                        .map(|c| view! { <option value=c.as_str()>{c.label()}</option> })
                        .collect_view()}
                </select>
            </label>
        </fieldset>
    }
}

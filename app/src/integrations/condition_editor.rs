//! One condition in the display templates' language, edited: a path (with the paths offered in
//! a `<datalist>`), an operator and, for comparisons, a value. The template builder's fields and
//! sections and an integration's run conditions use it alike.

use crate::layout::{Button, INPUT_SMALL};
use leptos::prelude::*;
use serde_json::Value;
use template::condition::{Condition, Operator};

/// "Show only if" / "Run only if": a path, an operator and (for comparisons) a value; or a button to add one.
#[component]
pub fn ConditionEditor(
    value: Signal<Option<Condition>>,
    on_change: Callback<Option<Condition>>,
    list: String,
    /// "Show only if" (a template's field or section), "Run only if" (an integration).
    lead: &'static str,
) -> impl IntoView {
    let edit_with = move |change: &dyn Fn(&mut Condition)| {
        if let Some(mut c) = value.get_untracked() {
            change(&mut c);
            on_change.run(Some(c));
        }
    };
    let op = move || value.with(|c| c.as_ref().map_or(Operator::Exists, |c| c.op));
    // Only adding or removing the condition redraws it: typing in it must keep the focus.
    let present = Memo::new(move |_| value.with(Option::is_some));
    let text = move || {
        value.with(|c| match c.as_ref().and_then(|c| c.value.as_ref()) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        })
    };
    view! {
        {move || match present.get() {
            false => {
                view! {
                    <button
                        type="button"
                        class="mt-0.5 text-xs text-indigo-600 hover:underline"
                        on:click=move |_| {
                            on_change
                                .run(
                                    Some(Condition {
                                        path: String::new(),
                                        op: Operator::Exists,
                                        value: None,
                                    }),
                                )
                        }
                        data-testid="add-condition"
                    >
                        {format!("+ {lead}…")}
                    </button>
                }
                    .into_any()
            }
            true => {
                let list = list.clone();
                view! {
                    <div
                        class="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-600"
                        data-testid="condition"
                    >
                        {lead}
                        <input
                            class=format!("{INPUT_SMALL} w-32 font-mono")
                            aria-label="Condition path"
                            placeholder="path"
                            list=list
                            prop:value=move || {
                                value
                                    .with(|c| {
                                        c.as_ref().map(|c| c.path.clone()).unwrap_or_default()
                                    })
                            }
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                edit_with(&|c| c.path = v.clone());
                            }
                            data-testid="condition-path"
                        />
                        <select
                            class=INPUT_SMALL
                            aria-label="Condition"
                            prop:value=move || op().as_str()
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                if let Ok(o) = name.parse::<Operator>() {
                                    edit_with(
                                        &|c| {
                                            c.op = o;
                                            if !o.takes_value() {
                                                c.value = None;
                                            }
                                        },
                                    );
                                }
                            }
                            data-testid="condition-op"
                        >
                            {Operator::ALL
                                .iter()
                                .map(|o| view! { <option value=o.as_str()>{o.label()}</option> })
                                .collect_view()}
                        </select>
                        <Show when=move || op().takes_value()>
                            <input
                                class=format!("{INPUT_SMALL} w-24")
                                aria-label="Condition value"
                                placeholder="value"
                                prop:value=text
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    edit_with(&|c| c.value = Some(Value::String(v.clone())));
                                }
                                data-testid="condition-value"
                            />
                        </Show>
                        <button
                            type="button"
                            class=Button::Icon.class()
                            aria-label="Remove condition"
                            on:click=move |_| on_change.run(None)
                        >
                            "✕"
                        </button>
                    </div>
                }
                    .into_any()
            }
        }}
    }
    .into_any()
}

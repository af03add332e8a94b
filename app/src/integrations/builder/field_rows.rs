//! A section's fields in the builder: one row each (label, path, format, currency, condition),
//! dragged or moved up and down, with drop gaps between them and an Add field picker.

use super::dnd::{self, Dragged, FieldGap};
use super::{At, Draft};
use crate::integrations::condition_editor::ConditionEditor;
use crate::layout::{FieldError, INPUT_SMALL, RowControls};
use leptos::prelude::*;
use template::condition::Condition;
use template::edit;
use template::format::Format;
use template::spec::Field;

fn read_field<R>(draft: &Draft, at: At, j: usize, read: impl FnOnce(&Field) -> R) -> Option<R> {
    draft
        .read(at, |s| edit::fields(s).and_then(|f| f.get(j)).map(read))
        .flatten()
}

fn update_field(draft: &Draft, at: At, j: usize, change: impl FnOnce(&mut Field)) {
    draft.update_section(at, |s| {
        if let Some(f) = edit::fields_mut(s).and_then(|f| f.get_mut(j)) {
            change(f);
        }
    });
}

/// The `<datalist>` id of the paths section `at` offers.
pub(super) fn paths_list_id(at: At) -> String {
    format!("builder-paths-{}", at.problem_prefix().replace('.', "-"))
}

/// The paths offered for section `at`, as a datalist (item-relative in tables and repeating
/// sections).
#[component]
pub(super) fn PathOptions(draft: Draft, at: At) -> impl IntoView {
    let paths = move || {
        let sample = draft.sample.get();
        draft
            .read(at, |s| edit::paths_for(s, &sample))
            .unwrap_or_default()
    };
    view! {
        <datalist id=paths_list_id(
            at,
        )>
            {move || {
                paths().into_iter().map(|p| view! { <option value=p></option> }).collect_view()
            }}
        </datalist>
    }
}

/// The fields of section `at` (`count` of them), with drop gaps and an Add field picker.
#[component]
pub(super) fn FieldList(
    draft: Draft,
    at: At,
    count: usize,
    list_key: &'static str,
) -> impl IntoView {
    let add = move |path: String| {
        let sample = draft.sample.get_untracked();
        draft.update_section(at, |s| {
            let field = edit::field_for(s, &path, &sample);
            if let Some(fields) = edit::fields_mut(s) {
                fields.push(field);
            }
        });
    };
    let offered = move || {
        let sample = draft.sample.get();
        draft
            .read(at, |s| edit::paths_for(s, &sample))
            .unwrap_or_default()
    };
    let mut rows = Vec::with_capacity(count * 2 + 1);
    for j in 0..count {
        rows.push(view! { <FieldGap draft at index=j /> }.into_any());
        rows.push(view! { <FieldRow draft at j count list_key /> }.into_any());
    }
    rows.push(view! { <FieldGap draft at index=count last=true /> }.into_any());
    view! {
        <div class="space-y-0.5" data-testid="builder-fields">
            {rows}
        </div>
        <label class="mt-1 flex items-center gap-1 text-xs text-slate-600">
            "Add field"
            <select
                class=INPUT_SMALL
                prop:value=""
                aria-label="Add field"
                on:change=move |ev| {
                    let path = event_target_value(&ev);
                    if !path.is_empty() {
                        add(path);
                    }
                }
                data-testid="add-field"
            >
                <option value="">"Choose a path…"</option>
                {move || {
                    offered()
                        .into_iter()
                        .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
                        .collect_view()
                }}
                <option value=".">"(the whole value)"</option>
            </select>
        </label>
    }
    .into_any()
}

/// One field row.
#[component]
fn FieldRow(draft: Draft, at: At, j: usize, count: usize, list_key: &'static str) -> impl IntoView {
    let key = format!("{}.{list_key}.{j}", at.problem_prefix());
    let label = move || read_field(&draft, at, j, |f| f.label.clone()).unwrap_or_default();
    let path = move || read_field(&draft, at, j, |f| f.path.clone()).unwrap_or_default();
    let format = move || read_field(&draft, at, j, |f| f.format).unwrap_or_default();
    let currency = move || {
        read_field(&draft, at, j, |f| f.currency.clone().unwrap_or_default()).unwrap_or_default()
    };
    let is_currency = move || format() == Format::Currency;
    let badge = move || {
        read_field(&draft, at, j, |f| f.badge.clone().unwrap_or_default()).unwrap_or_default()
    };
    let condition =
        Signal::derive(move || read_field(&draft, at, j, |f| f.condition.clone()).flatten());
    let set_condition =
        Callback::new(move |c: Option<Condition>| update_field(&draft, at, j, |f| f.condition = c));
    let problem_key = key.clone();
    let problem = move || draft.problem(&problem_key);
    let is_first = j == 0;
    let is_last = j + 1 == count;
    view! {
        <div
            class="rounded-md border border-slate-200 bg-slate-50 p-1.5"
            data-testid="builder-field"
            data-field=key
        >
            <div class="flex flex-wrap items-center gap-1">
                <span
                    class="cursor-grab select-none px-1 text-slate-500"
                    draggable="true"
                    title="Drag to move"
                    on:dragstart=move |ev| dnd::start(
                        &ev,
                        &draft,
                        Dragged::Field {
                            from: at,
                            index: j,
                        },
                    )
                    on:dragend=move |_| draft.dragging.set(None)
                >
                    "⠿"
                </span>
                <input
                    class=format!("{INPUT_SMALL} w-32")
                    aria-label="Label"
                    placeholder="Label"
                    prop:value=label
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update_field(&draft, at, j, |f| f.label = v);
                    }
                    data-testid="field-label"
                />
                <input
                    class=format!("{INPUT_SMALL} w-36 font-mono")
                    aria-label="Path"
                    placeholder="path.to.value"
                    list=paths_list_id(at)
                    prop:value=path
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update_field(&draft, at, j, |f| f.path = v);
                    }
                    data-testid="field-path"
                />
                <select
                    class=INPUT_SMALL
                    aria-label="Format"
                    prop:value=move || format().as_str()
                    on:change=move |ev| {
                        if let Ok(fmt) = event_target_value(&ev).parse::<Format>() {
                            update_field(&draft, at, j, |f| f.format = fmt);
                        }
                    }
                    data-testid="field-format"
                >
                    {Format::ALL
                        .iter()
                        .map(|f| view! { <option value=f.as_str()>{f.label()}</option> })
                        .collect_view()}
                </select>
                <input
                    class=format!("{INPUT_SMALL} w-28 font-mono")
                    aria-label="Badge beside the value (path)"
                    placeholder="badge path"
                    title="A value shown as a badge beside this one, e.g. tier"
                    list=paths_list_id(at)
                    prop:value=badge
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update_field(
                            &draft,
                            at,
                            j,
                            |f| f.badge = (!v.trim().is_empty()).then_some(v),
                        );
                    }
                    data-testid="field-badge"
                />
                <Show when=is_currency>
                    <input
                        class=format!("{INPUT_SMALL} w-16 uppercase")
                        aria-label="Currency code"
                        placeholder="USD"
                        maxlength="3"
                        prop:value=currency
                        on:input=move |ev| {
                            let v = event_target_value(&ev).trim().to_uppercase();
                            update_field(
                                &draft,
                                at,
                                j,
                                |f| f.currency = (!v.is_empty()).then_some(v),
                            );
                        }
                    />
                </Show>
                <RowControls
                    what="field"
                    is_first
                    is_last
                    on_move=Callback::new(move |up| {
                        draft
                            .update_section(
                                at,
                                |s| {
                                    if let Some(f) = edit::fields_mut(s) {
                                        edit::shift(f, j, up);
                                    }
                                },
                            )
                    })
                    on_remove=Callback::new(move |()| {
                        draft
                            .update_section(
                                at,
                                |s| {
                                    if let Some(f) = edit::fields_mut(s) && j < f.len() {
                                        f.remove(j);
                                    }
                                },
                            )
                    })
                    testid="field"
                />
            </div>
            <ConditionEditor
                value=condition
                on_change=set_condition
                list=paths_list_id(at)
                lead="Show only if"
            />
            <FieldError message=Signal::derive(problem) testid="builder-problem" small=true />
        </div>
    }
    .into_any()
}

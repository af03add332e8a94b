//! One section in the builder: a header (drag handle, type, title, move up/down, remove, show-only-if)
//! and the editor for its kind: fields, the array of a table or repeating section, the text, the
//! buttons or links, or a group's own sections.

use super::dnd::{self, Dragged};
use super::field_rows::{FieldList, PathOptions, paths_list_id};
use super::{At, Draft, SectionList};
use crate::integrations::condition_editor::ConditionEditor;
use crate::layout::{Button, FieldError, INPUT_SMALL, RowControls};
use leptos::prelude::*;
use template::condition::Condition;
use template::edit::{self, Shape};
use template::spec::{Action, ActionStyle, SectionBody, SectionKind};

/// The card of the section at `at`, one of `count` in its list.
#[component]
pub(super) fn SectionCard(draft: Draft, at: At, shape: Shape, count: usize) -> impl IntoView {
    let prefix = at.problem_prefix();
    let kind = shape.kind;
    let title = move || {
        draft
            .read(at, |s| s.title.clone().unwrap_or_default())
            .unwrap_or_default()
    };
    let condition = Signal::derive(move || draft.read(at, |s| s.condition.clone()).flatten());
    let set_condition =
        Callback::new(move |c: Option<Condition>| draft.update_section(at, |s| s.condition = c));
    let index = at.index();
    let is_first = index == 0;
    let is_last = index + 1 == count;
    let header_problem = {
        let prefix = prefix.clone();
        move || {
            ["title", "condition", "path", "type"]
                .iter()
                .find_map(|k| draft.problem(&format!("{prefix}.{k}")))
                .or_else(|| draft.problems.with(|p| p.get(&prefix).cloned()))
        }
    };
    let body = match kind {
        SectionKind::KeyValue | SectionKind::Badges => {
            view! { <FieldList draft at count=shape.items list_key="fields" /> }.into_any()
        }
        SectionKind::Table => view! {
            <ArrayPath draft at />
            <FieldList draft at count=shape.items list_key="columns" />
        }
        .into_any(),
        SectionKind::Repeating => view! {
            <ArrayPath draft at />
            <ShowFirst draft at />
            <FieldList draft at count=shape.items list_key="fields" />
        }
        .into_any(),
        SectionKind::Text => view! { <TextEditor draft at /> }.into_any(),
        SectionKind::Buttons | SectionKind::Links => {
            view! { <ActionList draft at count=shape.items /> }.into_any()
        }
        SectionKind::Group => view! {
            <div class="ml-3 border-l-2 border-slate-200 pl-2">
                <SectionList draft group=Some(at.top) />
            </div>
        }
        .into_any(),
        // A rule has nothing to edit.
        SectionKind::Separator => ().into_any(),
    };
    let has_title = kind != SectionKind::Separator;
    view! {
        <div
            class="rounded-lg border border-slate-300 bg-white p-2 shadow-sm"
            data-testid="builder-section"
            data-kind=kind.as_str()
            data-at=prefix.clone()
        >
            <div class="flex flex-wrap items-center gap-1">
                <span
                    class="cursor-grab select-none rounded px-1 text-xs font-medium text-slate-500 hover:bg-slate-100"
                    draggable="true"
                    title="Drag to move"
                    on:dragstart=move |ev| dnd::start(&ev, &draft, Dragged::Section(at))
                    on:dragend=move |_| draft.dragging.set(None)
                    data-testid="section-handle"
                >
                    {"⠿ "}
                    {kind.label()}
                </span>
                {has_title
                    .then(|| {
                        view! {
                            <input
                                class=format!("{INPUT_SMALL} min-w-0 flex-1")
                                aria-label="Section title"
                                placeholder="Title (optional)"
                                prop:value=title
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    draft
                                        .update_section(
                                            at,
                                            |s| s.title = (!v.trim().is_empty()).then_some(v),
                                        );
                                }
                                data-testid="section-title"
                            />
                        }
                    })}
                <RowControls
                    what="section"
                    is_first
                    is_last
                    on_move=Callback::new(move |up| {
                        draft
                            .update(|t| {
                                edit::shift_section(t, &at.path(), up);
                            });
                    })
                    on_remove=Callback::new(move |()| {
                        draft
                            .update(|t| {
                                edit::remove_section(t, &at.path());
                            });
                    })
                    testid="section"
                />
            </div>
            <PathOptions draft at />
            <ConditionEditor
                value=condition
                on_change=set_condition
                list=paths_list_id(at)
                lead="Show only if"
            />
            <FieldError
                message=Signal::derive(header_problem)
                testid="builder-problem"
                small=true
            />
            <div class="mt-1">{body}</div>
        </div>
    }
    .into_any()
}

/// The array a table or repeating section walks, picked from the sample's arrays.
#[component]
fn ArrayPath(draft: Draft, at: At) -> impl IntoView {
    let list_id = format!("{}-arrays", paths_list_id(at));
    let arrays = move || edit::array_paths(&draft.sample.get());
    let value = move || {
        draft
            .read(at, |s| edit::array_path(s).unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    view! {
        <label class="flex items-center gap-1 text-xs text-slate-600">
            "Array"
            <input
                class=format!("{INPUT_SMALL} w-40 font-mono")
                list=list_id.clone()
                placeholder="orders"
                aria-label="Array path"
                prop:value=value
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft
                        .update_section(
                            at,
                            |s| match &mut s.body {
                                SectionBody::Table { path, .. }
                                | SectionBody::Repeating { path, .. } => *path = v,
                                _ => {}
                            },
                        );
                }
                data-testid="section-array"
            />
        </label>
        <datalist id=list_id>
            {move || {
                arrays().into_iter().map(|p| view! { <option value=p></option> }).collect_view()
            }}
        </datalist>
    }
}

/// How many items a repeating section shows before "Show N more".
#[component]
fn ShowFirst(draft: Draft, at: At) -> impl IntoView {
    let value = move || {
        draft
            .read(at, |s| match &s.body {
                SectionBody::Repeating { show_first, .. } => show_first.to_string(),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    view! {
        <label class="ml-2 inline-flex items-center gap-1 text-xs text-slate-600">
            "Show first"
            <input
                type="number"
                min="1"
                max="100"
                class=format!("{INPUT_SMALL} w-16")
                prop:value=value
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                        draft
                            .update_section(
                                at,
                                |s| {
                                    if let SectionBody::Repeating { show_first, .. } = &mut s.body {
                                        *show_first = n.clamp(1, 100);
                                    }
                                },
                            );
                    }
                }
            />
        </label>
    }
}

/// A text section's text (with `{{path}}` placeholders) and its heading switch.
#[component]
fn TextEditor(draft: Draft, at: At) -> impl IntoView {
    let text = move || {
        draft
            .read(at, |s| match &s.body {
                SectionBody::Text { text, .. } => text.clone(),
                _ => String::new(),
            })
            .unwrap_or_default()
    };
    let heading = move || {
        draft
            .read(at, |s| {
                matches!(s.body, SectionBody::Text { heading: true, .. })
            })
            .unwrap_or(false)
    };
    view! {
        <textarea
            class=format!("{INPUT_SMALL} h-16 w-full")
            aria-label="Text"
            placeholder="Plan: {{subscription.plan}}"
            prop:value=text
            on:input=move |ev| {
                let v = event_target_value(&ev);
                draft
                    .update_section(
                        at,
                        |s| {
                            if let SectionBody::Text { text, .. } = &mut s.body {
                                *text = v;
                            }
                        },
                    );
            }
            data-testid="section-text"
        ></textarea>
        <label class="flex items-center gap-1 text-xs text-slate-600">
            <input
                type="checkbox"
                prop:checked=heading
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft
                        .update_section(
                            at,
                            |s| {
                                if let SectionBody::Text { heading, .. } = &mut s.body {
                                    *heading = on;
                                }
                            },
                        );
                }
            />
            "Show as a heading"
        </label>
    }
}

/// A buttons or links section's entries: label, URL (both may use `{{path}}`), style.
#[component]
fn ActionList(draft: Draft, at: At, count: usize) -> impl IntoView {
    let read = move |j: usize| {
        draft
            .read(at, |s| match &s.body {
                SectionBody::Buttons { buttons: a } | SectionBody::Links { links: a } => {
                    a.get(j).cloned()
                }
                _ => None,
            })
            .flatten()
    };
    let change = move |j: usize, f: &dyn Fn(&mut Action)| {
        draft.update_section(at, |s| {
            if let Some(a) = edit::actions_mut(s).and_then(|a| a.get_mut(j)) {
                f(a);
            }
        });
    };
    let rows = (0..count)
        .map(|j| {
            view! {
                <div class="flex flex-wrap items-center gap-1" data-testid="builder-action">
                    <input
                        class=format!("{INPUT_SMALL} w-28")
                        aria-label="Label"
                        placeholder="Label"
                        prop:value=move || read(j).map(|a| a.label).unwrap_or_default()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            change(j, &|a| a.label = v.clone());
                        }
                    />
                    <input
                        class=format!("{INPUT_SMALL} min-w-0 flex-1 font-mono")
                        aria-label="URL"
                        placeholder="https://crm.example.com/customers/{{customer_id}}"
                        prop:value=move || read(j).map(|a| a.url).unwrap_or_default()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            change(j, &|a| a.url = v.clone());
                        }
                    />
                    <select
                        class=INPUT_SMALL
                        aria-label="Style"
                        prop:value=move || {
                            if read(j).is_some_and(|a| a.style == ActionStyle::Secondary) {
                                "secondary"
                            } else {
                                "primary"
                            }
                        }
                        on:change=move |ev| {
                            let style = if event_target_value(&ev) == "secondary" {
                                ActionStyle::Secondary
                            } else {
                                ActionStyle::Primary
                            };
                            change(j, &|a| a.style = style);
                        }
                    >
                        <option value="primary">"Primary"</option>
                        <option value="secondary">"Secondary"</option>
                    </select>
                    <button
                        type="button"
                        class=Button::Icon.class()
                        aria-label="Remove"
                        on:click=move |_| {
                            draft
                                .update_section(
                                    at,
                                    |s| {
                                        if let Some(a) = edit::actions_mut(s) && j < a.len() {
                                            a.remove(j);
                                        }
                                    },
                                )
                        }
                    >
                        "✕"
                    </button>
                </div>
            }
        })
        .collect_view();
    let add = move |_| {
        draft.update_section(at, |s| {
            if let Some(a) = edit::actions_mut(s) {
                a.push(Action {
                    label: "Open".into(),
                    url: "https://".into(),
                    style: ActionStyle::Secondary,
                    condition: None,
                });
            }
        })
    };
    view! {
        <div class="space-y-1">{rows}</div>
        <button type="button" class="mt-1 text-xs text-indigo-600 hover:underline" on:click=add>
            "+ Add"
        </button>
    }
}

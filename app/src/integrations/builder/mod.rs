//! The visual template builder: a palette of section types and the sample data's paths, dragged
//! (HTML5 drag and drop) or clicked into a list of section cards whose fields, labels, formats and
//! conditions are edited in place. It edits the same template text as the JSON editor beside it,
//! through `template::edit`, so the preview and the saved template never disagree with it.

mod dnd;
mod field_rows;
mod section_card;

use dnd::{Dragged, SectionGap};
use leptos::prelude::*;
use section_card::SectionCard;
use serde_json::Value;
use template::edit::{self, Shape};
use template::validate::Problems;
use template::{Section, SectionKind, Template};

/// Where a section is: its index at the top, and inside that group when it is in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct At {
    top: usize,
    inner: Option<usize>,
}

impl At {
    fn path(self) -> Vec<usize> {
        match self.inner {
            Some(i) => vec![self.top, i],
            None => vec![self.top],
        }
    }

    fn index(self) -> usize {
        self.inner.unwrap_or(self.top)
    }

    /// The prefix validation problems of this section carry (`sections.2.sections.0`).
    fn problem_prefix(self) -> String {
        match self.inner {
            Some(i) => format!("sections.{}.sections.{i}", self.top),
            None => format!("sections.{}", self.top),
        }
    }
}

/// The template being built, shared by every part of the builder.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    /// The template's JSON, the one source of truth (the JSON editor shows it too).
    text: RwSignal<String>,
    /// The text read as a template, or `None` when it cannot be (the builder then steps aside).
    template: Memo<Option<Template>>,
    /// The sections' structure: rows are rebuilt only when it changes.
    shape: Memo<Vec<Shape>>,
    /// The validation problems by path.
    problems: Memo<Problems>,
    /// The sample data the field pickers offer.
    sample: Memo<Value>,
    /// What is being dragged.
    dragging: RwSignal<Option<Dragged>>,
}

/// The template in `text`: empty is a template without sections; JSON that is not a template
/// (bad types, unknown formats) is `None`.
pub(super) fn read_template(text: &str) -> Option<Template> {
    if text.trim().is_empty() {
        return Some(Template::default());
    }
    serde_json::from_str(text).ok()
}

/// `t` as the JSON editor shows it; no sections is the automatic layout (empty text).
fn write_template(t: &Template) -> String {
    if t.sections.is_empty() {
        return String::new();
    }
    serde_json::to_value(t)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_default()
}

impl Draft {
    /// A draft over `text` (read as `template`), with problems from `problems` and the sample
    /// from `sample`.
    pub(super) fn new(
        text: RwSignal<String>,
        template: Memo<Option<Template>>,
        problems: Memo<Problems>,
        sample: Memo<Value>,
    ) -> Self {
        Draft {
            text,
            template,
            shape: Memo::new(move |_| template.get().as_ref().map(edit::shape).unwrap_or_default()),
            problems,
            sample,
            dragging: RwSignal::new(None),
        }
    }

    /// Applies `change` to the template and writes it back.
    fn update(&self, change: impl FnOnce(&mut Template)) {
        let mut t = self.template.get_untracked().unwrap_or_default();
        change(&mut t);
        self.text.set(write_template(&t));
    }

    /// Applies `change` to the section at `at`.
    fn update_section(&self, at: At, change: impl FnOnce(&mut Section)) {
        self.update(|t| {
            if let Some(s) = edit::section_mut(t, &at.path()) {
                change(s);
            }
        });
    }

    /// Reads the section at `at` (tracked).
    fn read<R>(&self, at: At, read: impl FnOnce(&Section) -> R) -> Option<R> {
        self.template.with(|t| {
            t.as_ref()
                .and_then(|t| edit::section(t, &at.path()))
                .map(read)
        })
    }

    /// The first problem at `key` or under it (`key.`), for a message next to the input.
    fn problem(&self, key: &str) -> Option<String> {
        let nested = format!("{key}.");
        self.problems.with(|p| {
            p.iter()
                .find(|(k, _)| *k == key || k.starts_with(&nested))
                .map(|(_, m)| m.clone())
        })
    }
}

/// The builder over `text`, which `template` reads (the preview shares that memo).
#[component]
pub fn TemplateBuilder(
    text: RwSignal<String>,
    template: Memo<Option<Template>>,
    problems: Memo<Problems>,
    sample: Memo<Value>,
) -> impl IntoView {
    let draft = Draft::new(text, template, problems, sample);
    let paths = Memo::new(move |_| template::path::available(&sample.get()));
    // A memo, so that typing (which changes the template, not whether it reads) redraws nothing.
    let readable = Memo::new(move |_| draft.template.with(Option::is_some));
    view! {
        <div class="space-y-3" data-testid="template-builder">
            <div>
                <h3 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                    "Add a section"
                </h3>
                <p class="text-xs text-slate-500">
                    "Drag one into place, or click to add it at the end."
                </p>
                <div class="mt-1 flex flex-wrap gap-1" role="list" aria-label="Section types">
                    {SectionKind::ALL
                        .iter()
                        .map(|&kind| {
                            let add = move |_| {
                                draft
                                    .update(|t| {
                                        let end = t.sections.len();
                                        edit::insert_section(t, &[], end, edit::blank(kind));
                                    })
                            };
                            view! {
                                <button
                                    type="button"
                                    role="listitem"
                                    draggable="true"
                                    class="cursor-grab rounded-md border border-slate-300 bg-white px-2 py-1 text-xs hover:border-indigo-400 hover:bg-indigo-50"
                                    on:dragstart=move |ev| dnd::start(
                                        &ev,
                                        &draft,
                                        Dragged::NewSection(kind),
                                    )
                                    on:dragend=move |_| draft.dragging.set(None)
                                    on:click=add
                                    data-testid=format!("palette-{kind}")
                                >
                                    {"+ "}
                                    {kind.label()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <div>
                <h3 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                    "Fields in the sample data"
                </h3>
                {move || {
                    let list = paths.get();
                    if list.is_empty() {
                        return view! {
                            <p class="text-xs text-slate-500">
                                "Run a test or paste sample data to pick fields from it."
                            </p>
                        }
                            .into_any();
                    }
                    view! {
                        <p class="text-xs text-slate-500">
                            "Drag a field onto a section (or use a section's Add field list)."
                        </p>
                        <div
                            class="mt-1 flex max-h-32 flex-wrap gap-1 overflow-y-auto"
                            role="list"
                            aria-label="Sample data fields"
                        >
                            {list
                                .into_iter()
                                .map(|p| {
                                    let dragged = p.clone();
                                    view! {
                                        <span
                                            role="listitem"
                                            draggable="true"
                                            class="cursor-grab rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 hover:bg-indigo-100"
                                            on:dragstart=move |ev| dnd::start(
                                                &ev,
                                                &draft,
                                                Dragged::Path(dragged.clone()),
                                            )
                                            on:dragend=move |_| draft.dragging.set(None)
                                            data-testid="sample-path"
                                            data-path=p.clone()
                                        >
                                            {p.clone()}
                                        </span>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }}
            </div>
            {move || match readable.get() {
                false => {
                    view! {
                        <p
                            class="rounded-md bg-amber-50 p-2 text-xs text-amber-800"
                            data-testid="builder-unavailable"
                        >
                            "The JSON below is not a template the builder can show. Fix it there (the problems are listed), or pick a preset."
                        </p>
                    }
                        .into_any()
                }
                true => view! { <SectionList draft group=None /> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

/// The sections of the template (`group: None`) or of a group, with a drop gap around each.
#[component]
fn SectionList(draft: Draft, group: Option<usize>) -> impl IntoView {
    let shapes = move || {
        let all = draft.shape.get();
        match group {
            None => all,
            Some(g) => all.get(g).map(|s| s.inner.clone()).unwrap_or_default(),
        }
    };
    view! {
        <div
            class="space-y-1"
            data-testid=if group.is_some() { "group-sections" } else { "builder-sections" }
        >
            {move || {
                let list = shapes();
                let count = list.len();
                let empty = count == 0;
                let mut views = Vec::with_capacity(count * 2 + 1);
                for (i, shape) in list.into_iter().enumerate() {
                    views.push(view! { <SectionGap draft group index=i /> }.into_any());
                    let at = match group {
                        Some(g) => At { top: g, inner: Some(i) },
                        None => At { top: i, inner: None },
                    };
                    views.push(view! { <SectionCard draft at shape count /> }.into_any());
                }
                views
                    .push(
                        view! { <SectionGap draft group index=count last=true empty /> }.into_any(),
                    );
                views
            }}
        </div>
    }
    .into_any()
}

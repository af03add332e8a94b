//! Drag and drop for the builder (HTML5 drag events): what is being dragged lives in a signal, so
//! a drop reads it directly; the event's data transfer carries a text copy only because some
//! browsers start no drag without one.

use super::{At, Draft};
use leptos::ev::DragEvent;
use leptos::prelude::*;
use template::SectionKind;
use template::edit;

/// What is being dragged.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Dragged {
    /// A section type from the palette.
    NewSection(SectionKind),
    /// An existing section.
    Section(At),
    /// A path from the sample data.
    Path(String),
    /// An existing field (of a section, by index).
    Field { from: At, index: usize },
}

impl Dragged {
    fn is_section(&self) -> bool {
        matches!(self, Dragged::NewSection(_) | Dragged::Section(_))
    }
}

/// Starts dragging `what`.
pub(super) fn start(ev: &DragEvent, draft: &Draft, what: Dragged) {
    #[cfg(feature = "hydrate")]
    if let Some(transfer) = ev.data_transfer() {
        let label = match &what {
            Dragged::NewSection(kind) => kind.as_str().to_string(),
            Dragged::Path(p) => p.clone(),
            Dragged::Section(_) | Dragged::Field { .. } => String::from("move"),
        };
        let _ = transfer.set_data("text/plain", &label);
        transfer.set_effect_allowed("copyMove");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
    draft.dragging.set(Some(what));
}

/// Lets `ev` drop here (the browser refuses drops unless dragover is cancelled).
fn accept(ev: &DragEvent) {
    ev.prevent_default();
}

/// The gap before section `index` of the template (`group: None`) or of a group: dropping a
/// palette item inserts a new section there, dropping a section moves it there.
#[component]
pub(super) fn SectionGap(
    draft: Draft,
    group: Option<usize>,
    index: usize,
    #[prop(optional)] last: bool,
    #[prop(optional)] empty: bool,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let parent: Vec<usize> = group.into_iter().collect();
    let takes = move || {
        draft.dragging.with(|d| match d {
            Some(Dragged::NewSection(SectionKind::Group)) => group.is_none(),
            Some(Dragged::Section(at)) => {
                group.is_none()
                    || draft.shape.with(|s| {
                        s.get(at.top).is_some_and(|s| s.kind != SectionKind::Group)
                            || at.inner.is_some()
                    })
            }
            Some(d) => d.is_section(),
            None => false,
        })
    };
    let drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let Some(what) = draft.dragging.get_untracked() else {
            return;
        };
        draft.dragging.set(None);
        let parent = parent.clone();
        match what {
            Dragged::NewSection(kind) => draft.update(|t| {
                edit::insert_section(t, &parent, index, edit::blank(kind));
            }),
            Dragged::Section(from) => draft.update(|t| {
                edit::move_section(t, &from.path(), &parent, index);
            }),
            Dragged::Path(_) | Dragged::Field { .. } => {}
        }
    };
    let hint = match (empty, group) {
        (true, Some(_)) => "Drop sections into the group here",
        (true, None) => "Drop a section here to start",
        (false, _) => "Drop a section here",
    };
    let testid = match group {
        Some(g) => format!("section-gap-{g}-{index}"),
        None => format!("section-gap-{index}"),
    };
    // Gaps keep their size while dragging: a drop target that moved as the drag began would be
    // missed.
    view! {
        <div
            class="flex items-center justify-center rounded border border-dashed text-xs text-slate-500"
            class:h-3=!last && !empty
            class:py-2=last || empty
            class:border-transparent=move || !takes() && !last && !empty
            class:border-slate-300=move || takes() || last || empty
            class:bg-indigo-50=move || over.get()
            class:border-indigo-400=move || over.get()
            on:dragover=move |ev| {
                if takes() {
                    accept(&ev);
                    over.set(true);
                }
            }
            on:dragleave=move |_| over.set(false)
            on:drop=drop
            data-testid=testid
        >
            {(last || empty).then_some(hint)}
        </div>
    }
    .into_any()
}

/// The gap before field `index` of the section at `at`: dropping a sample path adds a field for
/// it there, dropping a field moves it there (from this section or another).
#[component]
pub(super) fn FieldGap(
    draft: Draft,
    at: At,
    index: usize,
    #[prop(optional)] last: bool,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let takes = move || {
        draft
            .dragging
            .with(|d| matches!(d, Some(Dragged::Path(_) | Dragged::Field { .. })))
    };
    let drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let Some(what) = draft.dragging.get_untracked() else {
            return;
        };
        draft.dragging.set(None);
        let sample = draft.sample.get_untracked();
        draft.update(|t| match what {
            Dragged::Path(path) => {
                if let Some(s) = edit::section_mut(t, &at.path()) {
                    let field = edit::field_for(s, &path, &sample);
                    if let Some(fields) = edit::fields_mut(s) {
                        fields.insert(index.min(fields.len()), field);
                    }
                }
            }
            Dragged::Field { from, index: i } if from == at => {
                if let Some(fields) = edit::section_mut(t, &at.path()).and_then(edit::fields_mut) {
                    edit::move_within(fields, i, index);
                }
            }
            Dragged::Field { from, index: i } => {
                let moved = edit::section_mut(t, &from.path())
                    .and_then(edit::fields_mut)
                    .and_then(|f| (i < f.len()).then(|| f.remove(i)));
                if let Some(field) = moved
                    && let Some(fields) =
                        edit::section_mut(t, &at.path()).and_then(edit::fields_mut)
                {
                    fields.insert(index.min(fields.len()), field);
                }
            }
            Dragged::NewSection(_) | Dragged::Section(_) => {}
        });
    };
    view! {
        <div
            class="flex items-center justify-center rounded border border-dashed text-xs text-slate-500"
            class:h-2=!last
            class:py-1=last
            class:border-transparent=move || !takes() && !last
            class:border-slate-300=move || takes() || last
            class:bg-indigo-50=move || over.get()
            class:border-indigo-400=move || over.get()
            on:dragover=move |ev| {
                if takes() {
                    accept(&ev);
                    over.set(true);
                }
            }
            on:dragleave=move |_| over.set(false)
            on:drop=drop
            data-testid=format!("field-gap-{}-{index}", at.problem_prefix())
        >
            {last.then_some("Drop a field here")}
        </div>
    }
    .into_any()
}

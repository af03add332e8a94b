//! The builder's edits, as plain functions on a [`Template`]: add, move and remove sections and
//! fields, make a field for a path dropped from the sample data. The app's drag-and-drop and
//! button handlers only call these, so every edit is tested here without a browser.
//!
//! A section is addressed by its index at the top (`[2]`) or inside a group (`[2, 0]`); a drop
//! position `index` means "before the item now at `index`" (`len` is the end).

use crate::auto::{guess_format, label_for};
use crate::path::{self, Step, lookup};
use crate::spec::{Action, ActionStyle, Field, Section, SectionBody, SectionKind, Template};
use serde_json::Value;

/// A new, empty section of `kind`, ready to be filled in.
pub fn blank(kind: SectionKind) -> Section {
    let link = |label: &str| Action {
        label: label.into(),
        url: "https://".into(),
        style: ActionStyle::Primary,
        condition: None,
    };
    let body = match kind {
        SectionKind::KeyValue => SectionBody::KeyValue { fields: Vec::new() },
        SectionKind::Badges => SectionBody::Badges { fields: Vec::new() },
        SectionKind::Text => SectionBody::Text {
            text: String::new(),
            heading: false,
        },
        SectionKind::Table => SectionBody::Table {
            path: String::new(),
            columns: Vec::new(),
        },
        SectionKind::Repeating => SectionBody::Repeating {
            path: String::new(),
            fields: Vec::new(),
            show_first: 5,
        },
        SectionKind::Buttons => SectionBody::Buttons {
            buttons: vec![link("Open")],
        },
        SectionKind::Links => SectionBody::Links {
            links: vec![link("Open")],
        },
        SectionKind::Separator => SectionBody::Separator,
        SectionKind::Group => SectionBody::Group {
            sections: Vec::new(),
        },
    };
    Section::new(body)
}

/// The list of sections `parent` names: the template's (`[]`) or a group's (`[g]`).
pub fn list_mut<'a>(t: &'a mut Template, parent: &[usize]) -> Option<&'a mut Vec<Section>> {
    match parent {
        [] => Some(&mut t.sections),
        [g] => match &mut t.sections.get_mut(*g)?.body {
            SectionBody::Group { sections } => Some(sections),
            SectionBody::KeyValue { .. }
            | SectionBody::Text { .. }
            | SectionBody::Badges { .. }
            | SectionBody::Table { .. }
            | SectionBody::Repeating { .. }
            | SectionBody::Buttons { .. }
            | SectionBody::Links { .. }
            | SectionBody::Separator => None,
        },
        _ => None,
    }
}

/// The section at `at`.
pub fn section<'a>(t: &'a Template, at: &[usize]) -> Option<&'a Section> {
    match at {
        [i] => t.sections.get(*i),
        [g, i] => match &t.sections.get(*g)?.body {
            SectionBody::Group { sections } => sections.get(*i),
            SectionBody::KeyValue { .. }
            | SectionBody::Text { .. }
            | SectionBody::Badges { .. }
            | SectionBody::Table { .. }
            | SectionBody::Repeating { .. }
            | SectionBody::Buttons { .. }
            | SectionBody::Links { .. }
            | SectionBody::Separator => None,
        },
        _ => None,
    }
}

/// The section at `at`, to change it.
pub fn section_mut<'a>(t: &'a mut Template, at: &[usize]) -> Option<&'a mut Section> {
    let (last, parent) = at.split_last()?;
    list_mut(t, parent)?.get_mut(*last)
}

/// Inserts `s` into `parent`'s list before `index` (clamped to the end). A group goes only at the
/// top: groups hold one level.
pub fn insert_section(t: &mut Template, parent: &[usize], index: usize, s: Section) -> bool {
    if !parent.is_empty() && matches!(s.body, SectionBody::Group { .. }) {
        return false;
    }
    let Some(list) = list_mut(t, parent) else {
        return false;
    };
    let index = index.min(list.len());
    list.insert(index, s);
    true
}

/// Removes and returns the section at `at`.
pub fn remove_section(t: &mut Template, at: &[usize]) -> Option<Section> {
    let (last, parent) = at.split_last()?;
    let list = list_mut(t, parent)?;
    (*last < list.len()).then(|| list.remove(*last))
}

/// Moves the section at `from` to before `index` of `parent`'s list (a drag and drop). Refuses a
/// group into a group, and leaves the template as it was when it refuses.
pub fn move_section(t: &mut Template, from: &[usize], parent: &[usize], index: usize) -> bool {
    let Some(moving) = section(t, from) else {
        return false;
    };
    if !parent.is_empty() && (matches!(moving.body, SectionBody::Group { .. }) || parent == from) {
        return false;
    }
    if list_mut(t, parent).is_none() {
        return false;
    }
    let (last, from_parent) = match from.split_last() {
        Some(split) => split,
        None => return false,
    };
    // Removing an earlier sibling shifts the drop position (and a group holding the target).
    let mut parent = parent.to_vec();
    let mut index = index;
    if from_parent == parent.as_slice() && *last < index {
        index -= 1;
    }
    if from_parent.is_empty() && parent.len() == 1 && *last < parent[0] {
        parent[0] -= 1;
    }
    let Some(s) = remove_section(t, from) else {
        return false;
    };
    insert_section(t, &parent, index, s)
}

/// Swaps the section at `at` with its neighbour above (`up`) or below, within its list.
pub fn shift_section(t: &mut Template, at: &[usize], up: bool) -> bool {
    let Some((last, parent)) = at.split_last() else {
        return false;
    };
    match list_mut(t, parent) {
        Some(list) => shift(list, *last, up),
        None => false,
    }
}

/// Swaps item `i` of `list` with its neighbour above (`up`) or below.
pub fn shift<T>(list: &mut [T], i: usize, up: bool) -> bool {
    let j = if up {
        i.checked_sub(1)
    } else {
        i.checked_add(1)
    };
    match j {
        Some(j) if i < list.len() && j < list.len() => {
            list.swap(i, j);
            true
        }
        _ => false,
    }
}

/// Moves item `from` of `list` to before `index` (a drag and drop within one list).
pub fn move_within<T>(list: &mut Vec<T>, from: usize, index: usize) -> bool {
    if from >= list.len() {
        return false;
    }
    let item = list.remove(from);
    let index = if from < index { index - 1 } else { index };
    list.insert(index.min(list.len()), item);
    true
}

/// The fields a section binds (key-value rows, badges, table columns, item fields).
pub fn fields(s: &Section) -> Option<&Vec<Field>> {
    match &s.body {
        SectionBody::KeyValue { fields }
        | SectionBody::Badges { fields }
        | SectionBody::Repeating { fields, .. } => Some(fields),
        SectionBody::Table { columns, .. } => Some(columns),
        SectionBody::Text { .. }
        | SectionBody::Buttons { .. }
        | SectionBody::Links { .. }
        | SectionBody::Separator
        | SectionBody::Group { .. } => None,
    }
}

/// The fields a section binds, to change them.
pub fn fields_mut(s: &mut Section) -> Option<&mut Vec<Field>> {
    match &mut s.body {
        SectionBody::KeyValue { fields }
        | SectionBody::Badges { fields }
        | SectionBody::Repeating { fields, .. } => Some(fields),
        SectionBody::Table { columns, .. } => Some(columns),
        SectionBody::Text { .. }
        | SectionBody::Buttons { .. }
        | SectionBody::Links { .. }
        | SectionBody::Separator
        | SectionBody::Group { .. } => None,
    }
}

/// The buttons or links of a section, to change them.
pub fn actions_mut(s: &mut Section) -> Option<&mut Vec<Action>> {
    match &mut s.body {
        SectionBody::Buttons { buttons } => Some(buttons),
        SectionBody::Links { links } => Some(links),
        SectionBody::KeyValue { .. }
        | SectionBody::Text { .. }
        | SectionBody::Badges { .. }
        | SectionBody::Table { .. }
        | SectionBody::Repeating { .. }
        | SectionBody::Separator
        | SectionBody::Group { .. } => None,
    }
}

/// The array a table or repeating section walks, if it is one.
pub fn array_path(s: &Section) -> Option<&str> {
    match &s.body {
        SectionBody::Table { path, .. } | SectionBody::Repeating { path, .. } => Some(path),
        SectionBody::KeyValue { .. }
        | SectionBody::Text { .. }
        | SectionBody::Badges { .. }
        | SectionBody::Buttons { .. }
        | SectionBody::Links { .. }
        | SectionBody::Separator
        | SectionBody::Group { .. } => None,
    }
}

/// `path` made relative to the items of `array`: `orders[0].amount` in `orders` → `amount`.
/// A path outside the array stays as it is.
pub fn relative_path(array: &str, path: &str) -> String {
    let array = array.trim();
    let path = path.trim();
    let Some(rest) = path.strip_prefix(array) else {
        return path.to_string();
    };
    // `[n].` after the array's own path, where n is any index.
    if let Some(after) = rest.strip_prefix('[')
        && let Some((n, tail)) = after.split_once("].")
        && n.parse::<usize>().is_ok()
    {
        return tail.to_string();
    }
    path.to_string()
}

/// The value a field of `s` at (section-relative) `path` has in the sample: inside a table or
/// repeating section, in the array's first item.
fn sample_value<'a>(s: &Section, sample: &'a Value, path: &str) -> Option<&'a Value> {
    match array_path(s) {
        Some(array) => lookup(lookup(sample, array)?.as_array()?.first()?, path),
        None => lookup(sample, path),
    }
}

/// A field for `path` (as the sample data's picker lists it) dropped into section `s`: relative
/// to the items inside a table or repeating section, labelled from its last key and formatted to
/// suit the sample's value (`lifetime_value: 2850` → currency).
pub fn field_for(s: &Section, path: &str, sample: &Value) -> Field {
    let path = match array_path(s) {
        Some(array) => relative_path(array, path),
        None => path.trim().to_string(),
    };
    let key = path::parse(&path)
        .ok()
        .and_then(|steps| {
            steps.into_iter().rev().find_map(|step| match step {
                Step::Key(k) => Some(k),
                Step::Index(_) => None,
            })
        })
        .unwrap_or_else(|| "value".to_string());
    let format = guess_format(&key, sample_value(s, sample, &path).unwrap_or(&Value::Null));
    Field::new(&label_for(&key), &path, format)
}

/// The paths the field picker offers for section `s`: item-relative inside a table or repeating
/// section (from the array's first item), else every path in the sample.
pub fn paths_for(s: &Section, sample: &Value) -> Vec<String> {
    match array_path(s) {
        Some(array) => lookup(sample, array)
            .and_then(Value::as_array)
            .and_then(|items| items.first())
            .map(path::available)
            .unwrap_or_default(),
        None => path::available(sample),
    }
}

/// The paths in the sample that hold arrays, for a table's or repeating section's array picker.
pub fn array_paths(sample: &Value) -> Vec<String> {
    let mut out: Vec<String> = path::available(sample)
        .into_iter()
        .filter(|p| lookup(sample, p).is_some_and(Value::is_array))
        .collect();
    if sample.is_array() {
        out.insert(0, String::new());
    }
    out
}

/// What a section is made of, without its texts: the builder rebuilds its rows only when this
/// changes, so typing a label never replaces the input being typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The section's type.
    pub kind: SectionKind,
    /// How many fields, buttons or links it has.
    pub items: usize,
    /// A group's sections.
    pub inner: Vec<Shape>,
}

/// The shape of every section of `t`.
pub fn shape(t: &Template) -> Vec<Shape> {
    fn of(sections: &[Section]) -> Vec<Shape> {
        sections
            .iter()
            .map(|s| Shape {
                kind: s.body.kind(),
                items: match &s.body {
                    SectionBody::Buttons { buttons: a } | SectionBody::Links { links: a } => {
                        a.len()
                    }
                    SectionBody::KeyValue { .. }
                    | SectionBody::Text { .. }
                    | SectionBody::Badges { .. }
                    | SectionBody::Table { .. }
                    | SectionBody::Repeating { .. }
                    | SectionBody::Separator
                    | SectionBody::Group { .. } => fields(s).map_or(0, Vec::len),
                },
                inner: match &s.body {
                    SectionBody::Group { sections } => of(sections),
                    SectionBody::KeyValue { .. }
                    | SectionBody::Text { .. }
                    | SectionBody::Badges { .. }
                    | SectionBody::Table { .. }
                    | SectionBody::Repeating { .. }
                    | SectionBody::Buttons { .. }
                    | SectionBody::Links { .. }
                    | SectionBody::Separator => Vec::new(),
                },
            })
            .collect()
    }
    of(&t.sections)
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;

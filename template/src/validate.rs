//! Checking a template before it is saved, naming the path of every problem
//! (`sections.2.fields.0.path`): unknown section types or formats, bad path syntax, groups inside
//! groups, more than 100 sections, labels over 100 characters.

use crate::format::Format;
use crate::path;
use crate::placeholders;
use crate::spec::{Field, Section, SectionBody, SectionKind, Template};
use serde_json::Value;
use std::collections::BTreeMap;

/// Most sections in a template, nested ones included.
pub const MAX_SECTIONS: usize = 100;
/// Longest label or title.
pub const LABEL_MAX: usize = 100;

/// Problems by path, each with its message.
pub type Problems = BTreeMap<String, String>;

/// Finds unknown types and formats in the raw JSON, where serde would only say "invalid".
fn shape_problems(raw: &Value, at: &str, problems: &mut Problems) {
    let Some(sections) = raw.get("sections").and_then(Value::as_array) else {
        return;
    };
    for (i, s) in sections.iter().enumerate() {
        let here = format!("{at}sections.{i}");
        match s.get("type").and_then(Value::as_str) {
            None => {
                problems.insert(format!("{here}.type"), "Choose a section type.".into());
            }
            Some(t) if t.parse::<SectionKind>().is_err() => {
                problems.insert(
                    format!("{here}.type"),
                    format!("Unknown section type `{t}`."),
                );
            }
            Some(_) => {}
        }
        for list in ["fields", "columns"] {
            for (j, f) in s
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(name) = f.get("format").and_then(Value::as_str)
                    && name.parse::<Format>().is_err()
                {
                    problems.insert(
                        format!("{here}.{list}.{j}.format"),
                        format!("Unknown format `{name}`."),
                    );
                }
            }
        }
        if s.get("type").and_then(Value::as_str) == Some(SectionKind::Group.as_str()) {
            shape_problems(s, &format!("{here}."), problems);
        }
    }
}

fn check_label(problems: &mut Problems, at: String, label: &str) {
    if label.chars().count() > LABEL_MAX {
        problems.insert(at, format!("At most {LABEL_MAX} characters."));
    } else {
        check_placeholders(problems, at, label);
    }
}

/// Every `{{…}}` in display text is a path into the answer. The request's variables and filters
/// are not display syntax: a `|` is refused with what to write instead, never half-applied.
fn check_placeholders(problems: &mut Problems, at: String, text: &str) {
    for name in placeholders::names(text) {
        if name.contains('|') {
            problems.insert(
                at,
                format!(
                    "`{{{{{name}}}}}`: filters such as `| upper` work in the integration's request, not in display templates; write a path into the answer, like {{{{customer.name}}}}."
                ),
            );
            return;
        }
        if let Err(e) = path::parse(&name) {
            problems.insert(at, e.0);
            return;
        }
    }
}

fn check_path(problems: &mut Problems, at: String, p: &str) {
    if let Err(e) = path::parse(p) {
        problems.insert(at, e.0);
    }
}

fn check_fields(problems: &mut Problems, at: &str, list: &str, fields: &[Field]) {
    for (j, f) in fields.iter().enumerate() {
        let here = format!("{at}.{list}.{j}");
        check_label(problems, format!("{here}.label"), &f.label);
        check_path(problems, format!("{here}.path"), &f.path);
        if let Some(badge) = &f.badge {
            check_path(problems, format!("{here}.badge"), badge);
        }
        if let Some(c) = &f.condition {
            check_path(problems, format!("{here}.condition.path"), &c.path);
        }
    }
}

fn check_sections(
    problems: &mut Problems,
    at: &str,
    sections: &[Section],
    depth: usize,
    count: &mut usize,
) {
    for (i, s) in sections.iter().enumerate() {
        *count += 1;
        let here = format!("{at}sections.{i}");
        if let Some(t) = &s.title {
            check_label(problems, format!("{here}.title"), t);
        }
        if let Some(c) = &s.condition {
            check_path(problems, format!("{here}.condition.path"), &c.path);
        }
        match &s.body {
            SectionBody::KeyValue { fields } | SectionBody::Badges { fields } => {
                check_fields(problems, &here, "fields", fields);
            }
            SectionBody::Table { path, columns } => {
                check_path(problems, format!("{here}.path"), path);
                check_fields(problems, &here, "columns", columns);
            }
            SectionBody::Repeating { path, fields, .. } => {
                check_path(problems, format!("{here}.path"), path);
                check_fields(problems, &here, "fields", fields);
            }
            SectionBody::Buttons { buttons: list } | SectionBody::Links { links: list } => {
                let key = if matches!(s.body, SectionBody::Buttons { .. }) {
                    "buttons"
                } else {
                    "links"
                };
                for (j, a) in list.iter().enumerate() {
                    check_label(problems, format!("{here}.{key}.{j}.label"), &a.label);
                    check_placeholders(problems, format!("{here}.{key}.{j}.url"), &a.url);
                }
            }
            SectionBody::Group { sections: inner } => {
                if depth > 0 {
                    problems.insert(here.clone(), "A group cannot hold another group.".into());
                }
                check_sections(problems, &format!("{here}."), inner, depth + 1, count);
            }
            SectionBody::Text { text, .. } => {
                check_placeholders(problems, format!("{here}.text"), text);
            }
            SectionBody::Separator => {}
        }
    }
}

/// The template in `raw`, or every problem with its path.
pub fn validate(raw: &Value) -> Result<Template, Problems> {
    let mut problems = Problems::new();
    if !raw.is_object() {
        problems.insert(
            "template".into(),
            "A template is an object with `sections`.".into(),
        );
        return Err(problems);
    }
    shape_problems(raw, "", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let template: Template = match serde_json::from_value(raw.clone()) {
        Ok(t) => t,
        Err(e) => {
            problems.insert(
                "template".into(),
                format!("The template cannot be read: {e}."),
            );
            return Err(problems);
        }
    };
    if template.version > crate::spec::SPEC_VERSION {
        problems.insert(
            "version".into(),
            "This template was made by a newer Chatlane.".into(),
        );
    }
    let mut count = 0;
    check_sections(&mut problems, "", &template.sections, 0, &mut count);
    if count > MAX_SECTIONS {
        problems.insert(
            "sections".into(),
            format!("At most {MAX_SECTIONS} sections."),
        );
    }
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

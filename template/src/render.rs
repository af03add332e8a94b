//! Rendering a template against data into a typed tree (pure data): the app turns it into views,
//! [`crate::html`] into escaped HTML. Conditions are applied, missing paths yield nothing, and a
//! section with nothing to show is left out.

use crate::format::{Format, FormatContext, Inline, format_value};
use crate::path::lookup;
use crate::placeholders::{fill, interpolate, names};
use crate::spec::{Action, ActionStyle, Field, Section, SectionBody, Template};
use crate::url::{LINK_SCHEMES, safe_href};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One labelled value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The label.
    pub label: String,
    /// The formatted value.
    pub value: Vec<Inline>,
}

/// A rendered button or link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionNode {
    /// What it says.
    pub label: String,
    /// Where it goes; `None` when the URL was not safe (then it is shown as text).
    pub href: Option<String>,
    /// Its look.
    pub style: ActionStyle,
    /// A button (true) or a link.
    pub button: bool,
}

/// What a rendered section shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    /// Label and value rows.
    KeyValue {
        /// The rows.
        rows: Vec<Row>,
    },
    /// A paragraph or heading.
    Text {
        /// The text.
        text: String,
        /// Shown as a heading.
        heading: bool,
    },
    /// Badges.
    Badges {
        /// The badges.
        badges: Vec<Inline>,
    },
    /// A table.
    Table {
        /// Column labels.
        columns: Vec<String>,
        /// Cells by row.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Item cards; the first `show_first` are visible, the rest behind "Show N more".
    Repeating {
        /// Every item's rows.
        items: Vec<Vec<Row>>,
        /// How many are shown at first.
        show_first: usize,
    },
    /// Buttons and links.
    Actions {
        /// The actions.
        actions: Vec<ActionNode>,
    },
    /// A horizontal rule.
    Separator,
    /// Sections inside a titled container.
    Group {
        /// The sections.
        sections: Vec<Rendered>,
    },
    /// Text shown as it is (a text answer), preformatted.
    Preformatted {
        /// The text.
        text: String,
    },
}

/// A rendered section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// Its heading.
    pub title: Option<String>,
    /// Its content.
    pub body: Body,
}

/// What rendering needs besides template and data.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext {
    /// "Now", for relative times.
    pub now: DateTime<Utc>,
}

fn field_value(field: &Field, data: &Value, ctx: &RenderContext) -> Vec<Inline> {
    if field.condition.as_ref().is_some_and(|c| !c.holds(data)) {
        return Vec::new();
    }
    let Some(value) = lookup(data, &field.path) else {
        return Vec::new();
    };
    let fctx = FormatContext {
        now: ctx.now,
        currency: field.currency.as_deref(),
        colors: Some(&field.colors),
    };
    let badge = field
        .badge
        .as_deref()
        .filter(|path| !path.trim().is_empty())
        .and_then(|path| lookup(data, path))
        .map(|b| format_value(b, Format::Status, &fctx))
        .unwrap_or_default();
    format_value(value, field.format, &fctx)
        .into_iter()
        .chain(badge)
        .filter(|i| !i.label().trim().is_empty())
        .collect()
}

fn rows(fields: &[Field], data: &Value, ctx: &RenderContext) -> Vec<Row> {
    fields
        .iter()
        .filter_map(|f| {
            let value = field_value(f, data, ctx);
            (!value.is_empty()).then(|| Row {
                label: f.label.clone(),
                value,
            })
        })
        .collect()
}

fn action(a: &Action, data: &Value, button: bool) -> Option<ActionNode> {
    if a.condition.as_ref().is_some_and(|c| !c.holds(data)) {
        return None;
    }
    let label = interpolate(&a.label, data, false);
    if label.trim().is_empty() {
        return None;
    }
    let url = interpolate(&a.url, data, true);
    Some(ActionNode {
        label,
        href: safe_href(&url, LINK_SCHEMES),
        style: a.style,
        button,
    })
}

fn items(data: &Value, path: &str) -> Vec<Value> {
    match lookup(data, path) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn body(section: &Section, data: &Value, ctx: &RenderContext, depth: usize) -> Option<Body> {
    let b = match &section.body {
        SectionBody::KeyValue { fields } => {
            let rows = rows(fields, data, ctx);
            (!rows.is_empty()).then_some(Body::KeyValue { rows })?
        }
        SectionBody::Text { text, heading } => {
            let (filled, values) = fill(text, data, false);
            // Text whose every placeholder came up empty says nothing about this contact.
            let empty = filled.trim().is_empty() || (values == 0 && !names(text).is_empty());
            (!empty).then_some(Body::Text {
                text: filled,
                heading: *heading,
            })?
        }
        SectionBody::Badges { fields } => {
            let badges: Vec<Inline> = fields
                .iter()
                .flat_map(|f| field_value(f, data, ctx))
                .map(|i| match i {
                    Inline::Badge { .. } => i,
                    other => Inline::Badge {
                        text: other.label().to_string(),
                        color: crate::format::status_color(other.label()),
                    },
                })
                .collect();
            (!badges.is_empty()).then_some(Body::Badges { badges })?
        }
        SectionBody::Table { path, columns } => {
            let table_rows: Vec<Vec<Vec<Inline>>> = items(data, path)
                .iter()
                .map(|item| columns.iter().map(|c| field_value(c, item, ctx)).collect())
                .filter(|cells: &Vec<Vec<Inline>>| cells.iter().any(|c| !c.is_empty()))
                .collect();
            (!table_rows.is_empty()).then(|| Body::Table {
                columns: columns.iter().map(|c| c.label.clone()).collect(),
                rows: table_rows,
            })?
        }
        SectionBody::Repeating {
            path,
            fields,
            show_first,
        } => {
            let cards: Vec<Vec<Row>> = items(data, path)
                .iter()
                .map(|item| rows(fields, item, ctx))
                .filter(|r| !r.is_empty())
                .collect();
            (!cards.is_empty()).then(|| Body::Repeating {
                items: cards,
                show_first: usize::try_from(*show_first).unwrap_or(usize::MAX).max(1),
            })?
        }
        SectionBody::Buttons { buttons } => actions(buttons, data, true)?,
        SectionBody::Links { links } => actions(links, data, false)?,
        SectionBody::Separator => Body::Separator,
        SectionBody::Group { sections } => {
            // One level of nesting: a group inside a group renders nothing (validation says so).
            if depth > 0 {
                return None;
            }
            let inner = render_sections(sections, data, ctx, depth + 1);
            (!inner.iter().all(|r| r.body == Body::Separator))
                .then_some(Body::Group { sections: inner })?
        }
    };
    Some(b)
}

fn actions(list: &[Action], data: &Value, button: bool) -> Option<Body> {
    let actions: Vec<ActionNode> = list
        .iter()
        .filter_map(|a| action(a, data, button))
        .collect();
    (!actions.is_empty()).then_some(Body::Actions { actions })
}

fn render_sections(
    sections: &[Section],
    data: &Value,
    ctx: &RenderContext,
    depth: usize,
) -> Vec<Rendered> {
    let mut out: Vec<Rendered> = sections
        .iter()
        .filter(|s| s.condition.as_ref().is_none_or(|c| c.holds(data)))
        .filter_map(|s| {
            body(s, data, ctx, depth).map(|b| Rendered {
                title: s.title.as_ref().map(|t| interpolate(t, data, false)),
                body: b,
            })
        })
        .collect();
    // Separators only between shown sections: none at the edges, never two in a row.
    let mut cleaned: Vec<Rendered> = Vec::with_capacity(out.len());
    for r in out.drain(..) {
        let is_sep = r.body == Body::Separator;
        let after_sep = cleaned.last().is_none_or(|l| l.body == Body::Separator);
        if !(is_sep && after_sep) {
            cleaned.push(r);
        }
    }
    while cleaned.last().is_some_and(|l| l.body == Body::Separator) {
        cleaned.pop();
    }
    cleaned
}

/// Renders `template` against `data`.
pub fn render(template: &Template, data: &Value, ctx: &RenderContext) -> Vec<Rendered> {
    render_sections(&template.sections, data, ctx, 0)
}

/// Renders an integration's answer: with its template when it has one, else laid out
/// automatically; a text answer is shown as it is.
pub fn render_result(
    template: Option<&Template>,
    data: &Value,
    ctx: &RenderContext,
) -> Vec<Rendered> {
    if let Value::String(text) = data {
        return vec![Rendered {
            title: None,
            body: Body::Preformatted { text: text.clone() },
        }];
    }
    match template {
        Some(t) if !t.sections.is_empty() => render(t, data, ctx),
        _ => render(&crate::auto::layout(data), data, ctx),
    }
}

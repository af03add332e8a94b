//! The layout of an integration without a template: scalars as a key-value list with humanised
//! labels, arrays of objects as repeating sections, nested objects as groups — never raw JSON.

use crate::format::{Format, humanize, parse_time};
use crate::spec::{Field, Section, SectionBody, Template};
use serde_json::{Map, Value};

/// Key words that mark a number as money (`lifetime_value`, `amount_due`, `total`).
const MONEY_WORDS: &[&str] = &[
    "amount", "price", "total", "balance", "revenue", "spend", "value", "cost",
];

/// Most fields an automatic item card shows.
const ITEM_FIELDS: usize = 8;

/// `customer_id` → `Customer ID`, `lifetimeValue` stays readable as `LifetimeValue`.
pub fn label_for(key: &str) -> String {
    let words: Vec<String> = humanize(key)
        .split(' ')
        .map(|w| match w.to_ascii_lowercase().as_str() {
            "id" => "ID".to_string(),
            "url" => "URL".to_string(),
            _ => w.to_string(),
        })
        .collect();
    words.join(" ")
}

/// A format that suits `value` under `key` (the auto layout's choice, and the builder's first
/// suggestion for a field dropped in).
pub fn guess_format(key: &str, value: &Value) -> Format {
    let original = key;
    let key = key.to_ascii_lowercase();
    // Identifiers are names, not quantities: 12345, never 12,345.
    if key == "id" || key.ends_with("_id") || original.ends_with("Id") || key.ends_with("number") {
        return Format::Text;
    }
    match value {
        Value::Bool(_) => Format::Boolean,
        Value::Number(_) if key.contains("percent") || key.ends_with("_pct") => Format::Percent,
        Value::Number(_) if MONEY_WORDS.iter().any(|w| key.contains(w)) => Format::Currency,
        Value::Number(_) => Format::Number,
        Value::Array(_) => Format::List,
        Value::String(s) => {
            let t = s.trim();
            if key == "status" || key.ends_with("_status") || key == "state" {
                Format::Status
            } else if t.starts_with("http://") || t.starts_with("https://") {
                Format::Link
            } else if key.contains("email") && t.contains('@') {
                Format::Email
            } else if t.len() >= 10 && t.as_bytes()[4] == b'-' && parse_time(value).is_some() {
                if t.len() > 10 {
                    Format::DateTime
                } else {
                    Format::Date
                }
            } else {
                Format::Text
            }
        }
        _ => Format::Text,
    }
}

fn is_scalar_like(v: &Value) -> bool {
    match v {
        Value::Array(items) => items.iter().all(|i| !i.is_object() && !i.is_array()),
        Value::Object(_) | Value::Null => false,
        _ => true,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Rows for the scalars of `map` (nested objects flattened into dotted paths inside groups).
fn scalar_fields(map: &Map<String, Value>, prefix: &str, flatten: bool) -> Vec<Field> {
    let mut fields = Vec::new();
    for (k, v) in map {
        if is_scalar_like(v) {
            fields.push(Field::new(
                &label_for(k),
                &join(prefix, k),
                guess_format(k, v),
            ));
        } else if flatten && let Value::Object(inner) = v {
            for mut f in scalar_fields(inner, &join(prefix, k), true) {
                f.label = format!("{} {}", label_for(k), f.label.to_lowercase());
                fields.push(f);
            }
        }
    }
    fields
}

fn item_fields(items: &[Value]) -> Vec<Field> {
    match items.first() {
        Some(Value::Object(first)) => scalar_fields(first, "", true)
            .into_iter()
            .take(ITEM_FIELDS)
            .collect(),
        _ => vec![Field::new("Value", "", Format::Text)],
    }
}

/// The automatic template for `data`.
pub fn layout(data: &Value) -> Template {
    let mut sections = Vec::new();
    match data {
        Value::Object(map) => {
            let rows = scalar_fields(map, "", false);
            if !rows.is_empty() {
                sections.push(Section::new(SectionBody::KeyValue { fields: rows }));
            }
            for (k, v) in map {
                match v {
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        sections.push(
                            Section::new(SectionBody::Repeating {
                                path: k.clone(),
                                fields: item_fields(items),
                                show_first: 5,
                            })
                            .titled(&label_for(k)),
                        );
                    }
                    Value::Object(inner) => {
                        let mut group = Vec::new();
                        let rows = scalar_fields(inner, k, true);
                        if !rows.is_empty() {
                            group.push(Section::new(SectionBody::KeyValue { fields: rows }));
                        }
                        for (ik, iv) in inner {
                            if let Value::Array(items) = iv
                                && items.iter().any(Value::is_object)
                            {
                                group.push(
                                    Section::new(SectionBody::Repeating {
                                        path: join(k, ik),
                                        fields: item_fields(items),
                                        show_first: 5,
                                    })
                                    .titled(&label_for(ik)),
                                );
                            }
                        }
                        if !group.is_empty() {
                            sections.push(
                                Section::new(SectionBody::Group { sections: group })
                                    .titled(&label_for(k)),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            sections.push(Section::new(SectionBody::Repeating {
                path: String::new(),
                fields: item_fields(items),
                show_first: 5,
            }));
        }
        Value::Array(_) => sections.push(Section::new(SectionBody::Badges {
            fields: vec![Field::new("Values", "", Format::List)],
        })),
        Value::Null => {}
        _ => sections.push(Section::new(SectionBody::KeyValue {
            fields: vec![Field::new("Value", "", Format::Text)],
        })),
    }
    Template {
        sections,
        ..Template::default()
    }
}

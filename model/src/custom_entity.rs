//! Custom entities (orders, shipments, subscriptions: whatever a team tracks besides contacts):
//! their attribute definitions, and the checking of a record's `values` against them. Shared by
//! the admin form, the REST API and the services.

use crate::validation::{FieldErrors, NAME_MAX, ValidationError, required_text};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Most attributes per entity.
pub const ATTRIBUTES_MAX: usize = 50;
/// Longest attribute key.
pub const KEY_MAX: usize = 50;
/// Longest text value.
pub const TEXT_VALUE_MAX: usize = 10_000;
/// Longest external id.
pub const EXTERNAL_ID_MAX: usize = 255;

template::string_enum!(
    /// What kind of value an attribute holds, in the order the form offers them.
    pub enum AttributeType {
        /// Text.
        String => "string",
        /// A JSON number.
        Number => "number",
        /// true or false.
        Boolean => "boolean",
        /// A calendar date, `YYYY-MM-DD`.
        Date => "date",
        /// One of the attribute's `options`.
        Select => "select",
    }
);

/// One attribute of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDefinition {
    /// The key in `values` (lowercase letters, digits, `_`).
    pub key: String,
    /// What the UI shows.
    pub label: String,
    /// The value's kind.
    #[serde(rename = "type")]
    pub attribute_type: AttributeType,
    /// Must be present (and not null) on create.
    #[serde(default)]
    pub required: bool,
    /// The allowed values of a `select`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// This attribute's value is the record's `external_id` (at most one per entity).
    #[serde(default)]
    pub is_external_id: bool,
}

/// A custom entity as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomEntityView {
    /// Entity id (`custom_entity_id` in the API).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Attribute definitions.
    pub attributes: Vec<AttributeDefinition>,
    /// Records of this entity (deleting the entity deletes them).
    #[serde(default)]
    pub record_count: u64,
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= KEY_MAX
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks an entity's attribute list: keys well-formed and unique, labels present, selects with
/// options, at most one external-id attribute (a string or number). Problems are keyed
/// `attributes.N.field`.
pub fn check_definitions(
    defs: Vec<AttributeDefinition>,
) -> Result<Vec<AttributeDefinition>, FieldErrors> {
    let mut errors = FieldErrors::new();
    if defs.len() > ATTRIBUTES_MAX {
        errors.add(ValidationError::new(
            "attributes",
            format!("At most {ATTRIBUTES_MAX} attributes."),
        ));
    }
    let mut out = Vec::with_capacity(defs.len());
    let mut external = 0;
    for (i, d) in defs.into_iter().enumerate() {
        let key = d.key.trim().to_string();
        if !valid_key(&key) {
            errors.add(ValidationError::new(
                format!("attributes.{i}.key"),
                "Use lowercase letters, digits and _ (starting with a letter), like order_number.",
            ));
        } else if out.iter().any(|o: &AttributeDefinition| o.key == key) {
            errors.add(ValidationError::new(
                format!("attributes.{i}.key"),
                "Another attribute has this key.",
            ));
        }
        let label = errors.check(required_text(
            &format!("attributes.{i}.label"),
            &d.label,
            NAME_MAX,
        ));
        let options: Vec<String> = d
            .options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        if d.attribute_type == AttributeType::Select && options.is_empty() {
            errors.add(ValidationError::new(
                format!("attributes.{i}.options"),
                "A select needs at least one option.",
            ));
        }
        if d.is_external_id {
            external += 1;
            if !matches!(
                d.attribute_type,
                AttributeType::String | AttributeType::Number
            ) {
                errors.add(ValidationError::new(
                    format!("attributes.{i}.is_external_id"),
                    "The external id must be a string or number attribute.",
                ));
            }
            if external > 1 {
                errors.add(ValidationError::new(
                    format!("attributes.{i}.is_external_id"),
                    "Only one attribute can be the external id.",
                ));
            }
        }
        out.push(AttributeDefinition {
            key,
            label: label.unwrap_or_default(),
            options: if d.attribute_type == AttributeType::Select {
                options
            } else {
                Vec::new()
            },
            ..d
        });
    }
    errors.into_result().map(|()| out)
}

/// Checks that editing an entity whose records exist keeps those records readable: an attribute
/// they may hold keeps its type, and the external id stays on the same attribute (records store it
/// apart from their values). Problems are keyed like [`check_definitions`]'.
pub fn check_definition_change(
    current: &[AttributeDefinition],
    proposed: &[AttributeDefinition],
    has_records: bool,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if !has_records {
        return Ok(());
    }
    let external_key = |defs: &[AttributeDefinition]| {
        defs.iter()
            .find(|d| d.is_external_id)
            .map(|d| d.key.clone())
    };
    for (i, d) in proposed.iter().enumerate() {
        if let Some(old) = current.iter().find(|o| o.key == d.key.trim())
            && old.attribute_type != d.attribute_type
        {
            errors.add(ValidationError::new(
                format!("attributes.{i}.type"),
                format!(
                    "Records already hold values of this attribute; its type stays {}.",
                    old.attribute_type.as_str()
                ),
            ));
        }
    }
    let (before, after) = (external_key(current), external_key(proposed));
    if before != after {
        let field = proposed
            .iter()
            .position(|d| d.is_external_id || Some(d.key.trim()) == before.as_deref())
            .map_or_else(
                || "attributes".to_string(),
                |i| format!("attributes.{i}.is_external_id"),
            );
        errors.add(ValidationError::new(
            field,
            match before {
                Some(key) => {
                    format!("Records already use {key} as their external id; it cannot move.")
                }
                None => "Records already exist without an external id; one cannot be added.".into(),
            },
        ));
    }
    errors.into_result()
}

fn check_value(
    def: &AttributeDefinition,
    field: &str,
    value: &Value,
) -> Result<Value, ValidationError> {
    let wrong = |what: &str| ValidationError::new(field, format!("Must be {what}."));
    match def.attribute_type {
        AttributeType::String => match value {
            Value::String(s) if s.chars().count() <= TEXT_VALUE_MAX => {
                Ok(Value::String(s.trim().to_string()))
            }
            Value::String(_) => Err(ValidationError::new(
                field,
                format!("Must be at most {TEXT_VALUE_MAX} characters."),
            )),
            _ => Err(wrong("text")),
        },
        AttributeType::Number => match value {
            Value::Number(_) => Ok(value.clone()),
            _ => Err(wrong("a number")),
        },
        AttributeType::Boolean => match value {
            Value::Bool(_) => Ok(value.clone()),
            _ => Err(wrong("true or false")),
        },
        AttributeType::Date => match value {
            Value::String(s) if chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok() => {
                Ok(Value::String(s.trim().to_string()))
            }
            _ => Err(wrong("a date like 2026-01-31")),
        },
        AttributeType::Select => match value {
            Value::String(s) if def.options.iter().any(|o| o == s.trim()) => {
                Ok(Value::String(s.trim().to_string()))
            }
            _ => Err(ValidationError::new(
                field,
                format!("Must be one of: {}.", def.options.join(", ")),
            )),
        },
    }
}

/// Checks `values` against `defs`. On create (`existing` is `None`) every required attribute must
/// be present; on update the values are merged key by key into `existing` (`null` removes a key)
/// and required attributes must still be set afterwards. Unknown keys are errors. Problems are
/// keyed `values.KEY`.
pub fn check_values(
    defs: &[AttributeDefinition],
    values: &Map<String, Value>,
    existing: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut merged = existing.cloned().unwrap_or_default();
    for (key, value) in values {
        let field = format!("values.{key}");
        let Some(def) = defs.iter().find(|d| &d.key == key) else {
            errors.add(ValidationError::new(
                field,
                "Unknown attribute for this entity.",
            ));
            continue;
        };
        if value.is_null() {
            merged.remove(key);
            continue;
        }
        if let Some(v) = errors.check(check_value(def, &field, value)) {
            merged.insert(key.clone(), v);
        }
    }
    for def in defs.iter().filter(|d| d.required) {
        let missing = match merged.get(&def.key) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.is_empty(),
            Some(_) => false,
        };
        if missing && errors.get(&format!("values.{}", def.key)).is_none() {
            errors.add(ValidationError::new(
                format!("values.{}", def.key),
                "This field is required.",
            ));
        }
    }
    errors.into_result().map(|()| merged)
}

/// The external id the values carry, when the entity has an external-id attribute set in them.
pub fn external_id_from(
    defs: &[AttributeDefinition],
    values: &Map<String, Value>,
) -> Option<String> {
    let def = defs.iter().find(|d| d.is_external_id)?;
    match values.get(&def.key)? {
        Value::String(s) if !s.is_empty() => Some(s.chars().take(EXTERNAL_ID_MAX).collect()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

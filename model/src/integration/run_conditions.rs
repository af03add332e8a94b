//! Run conditions: an integration runs for a sheet only when all of its conditions hold — on the
//! contact (name, email, phone, attributes), the conversation (status, subject) or the inbox
//! (id, name). They are written in the display templates' condition language
//! (`template::condition::Condition`: a path, an operator, a value) and checked by the same code,
//! against [`RunSubject::document`]. A card whose conditions fail is hidden or says which one
//! failed, as its integration chooses ([`SkippedCard`]).

use crate::validation::{FieldErrors, ValidationError};
use serde_json::{Map, Value, json};
pub use template::condition::{Condition, Operator};

/// Conditions an integration may have.
pub const RUN_CONDITIONS_MAX: usize = 10;

/// Longest path, in characters.
pub const PATH_MAX: usize = 200;

/// Longest value, in characters.
pub const VALUE_MAX: usize = 500;

/// The paths a condition may look at (`contact.attributes.` takes any attribute key after it).
pub const RUN_CONDITION_PATHS: &[&str] = &[
    "contact.name",
    "contact.email",
    "contact.phone_number",
    "contact.attributes.",
    "conversation.status",
    "conversation.subject",
    "inbox.id",
    "inbox.name",
];

template::string_enum!(
    /// What a card shows when its integration's run conditions do not hold (hidden by default).
    #[derive(Default)]
    pub enum SkippedCard {
        /// Nothing: the card is not on the sheet.
        #[default]
        Hide => "hide" as "Hide the card",
        /// The card, saying which condition did not hold.
        Explain => "explain" as "Say which condition failed",
    }
);

/// Whether `path` is one a run condition may look at.
pub fn known_path(path: &str) -> bool {
    RUN_CONDITION_PATHS
        .iter()
        .any(|p| match p.strip_suffix('.') {
            Some(prefix) => path
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|key| !key.is_empty()),
            None => path == *p,
        })
}

/// Adds the problems of `conditions` to `errors`, keyed `run_conditions.N.path` /
/// `run_conditions.N.value`.
pub fn check(conditions: &[Condition], errors: &mut FieldErrors) {
    if conditions.len() > RUN_CONDITIONS_MAX {
        errors.add(ValidationError::new(
            "run_conditions",
            format!("At most {RUN_CONDITIONS_MAX} conditions."),
        ));
    }
    for (i, c) in conditions.iter().enumerate() {
        if !known_path(c.path.trim()) || c.path.chars().count() > PATH_MAX {
            errors.add(ValidationError::new(
                format!("run_conditions.{i}.path"),
                "Use contact.name, contact.email, contact.phone_number, contact.attributes.<key>, conversation.status, conversation.subject, inbox.id or inbox.name.",
            ));
        }
        let blank = match &c.value {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        // Values are text, as the editor and the API send them ("12" compares as a number).
        if c.op.takes_value()
            && matches!(
                c.value,
                Some(Value::Object(_) | Value::Array(_) | Value::Bool(_) | Value::Number(_))
            )
        {
            errors.add(ValidationError::new(
                format!("run_conditions.{i}.value"),
                "Give the value as text.",
            ));
        } else if c.op.takes_value()
            && matches!(&c.value, Some(Value::String(v)) if v.chars().count() > VALUE_MAX)
        {
            errors.add(ValidationError::new(
                format!("run_conditions.{i}.value"),
                format!("At most {VALUE_MAX} characters."),
            ));
        } else if c.op.takes_value() && blank {
            errors.add(ValidationError::new(
                format!("run_conditions.{i}.value"),
                "Give a value to compare with.",
            ));
        }
    }
}

/// What run conditions look at: one contact, and the conversation and inbox of the sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSubject {
    /// The contact's name.
    pub contact_name: String,
    /// Its email, when known.
    pub contact_email: Option<String>,
    /// Its phone number, when known.
    pub contact_phone: Option<String>,
    /// Its custom attributes (a JSON object).
    pub attributes: Value,
    /// The conversation's status, when the sheet is opened from one.
    pub conversation_status: Option<String>,
    /// The conversation's subject.
    pub conversation_subject: Option<String>,
    /// The inbox whose integrations run.
    pub inbox_id: Option<i64>,
    /// Its name.
    pub inbox_name: Option<String>,
}

impl RunSubject {
    /// The JSON the conditions' paths are looked up in (absent values are left out, so
    /// "has no value" holds for them).
    pub fn document(&self) -> Value {
        fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
            if let Some(v) = value {
                map.insert(key.to_string(), v);
            }
        }
        let mut contact = Map::new();
        put(&mut contact, "name", Some(json!(self.contact_name)));
        put(
            &mut contact,
            "email",
            self.contact_email.clone().map(Value::from),
        );
        put(
            &mut contact,
            "phone_number",
            self.contact_phone.clone().map(Value::from),
        );
        put(&mut contact, "attributes", Some(self.attributes.clone()));
        let mut conversation = Map::new();
        put(
            &mut conversation,
            "status",
            self.conversation_status.clone().map(Value::from),
        );
        put(
            &mut conversation,
            "subject",
            self.conversation_subject.clone().map(Value::from),
        );
        let mut inbox = Map::new();
        put(&mut inbox, "id", self.inbox_id.map(Value::from));
        put(&mut inbox, "name", self.inbox_name.clone().map(Value::from));
        json!({"contact": contact, "conversation": conversation, "inbox": inbox})
    }
}

/// `conditions` with the values the operators ignore left out (exists, not_exists, truthy), so
/// they are stored and shown without one.
pub fn without_ignored_values(conditions: Vec<Condition>) -> Vec<Condition> {
    conditions
        .into_iter()
        .map(|mut c| {
            if !c.op.takes_value() {
                c.value = None;
            }
            c
        })
        .collect()
}

/// The first of `conditions` that does not hold for `subject`, if any.
pub fn first_failing<'a>(
    conditions: &'a [Condition],
    subject: &RunSubject,
) -> Option<&'a Condition> {
    let document = subject.document();
    conditions.iter().find(|c| !c.holds(&document))
}

/// A condition in words: `conversation.status equals "open"`, `contact.email has a value`.
pub fn describe(c: &Condition) -> String {
    let value = match &c.value {
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    match c.op {
        Operator::Exists | Operator::NotExists | Operator::Truthy => {
            format!("{} {}", c.path, c.op.label())
        }
        Operator::Equals
        | Operator::NotEquals
        | Operator::Contains
        | Operator::GreaterThan
        | Operator::LessThan => format!("{} {} {value}", c.path, c.op.label()),
    }
}

/// What a card whose conditions failed says: "Runs only when conversation.status equals "open"."
pub fn skip_reason(c: &Condition) -> String {
    format!("Runs only when {}.", describe(c))
}

#[cfg(test)]
mod tests;

//! Show/hide conditions on sections and fields: exists, not_exists, equals, not_equals, contains,
//! greater_than, less_than, truthy — against a path in the data.

use crate::path::lookup;
use serde::{Deserialize, Serialize};
use serde_json::Value;

crate::string_enum!(
    /// The comparisons a condition can make, in the order the builder offers them.
    pub enum Operator {
        /// The path has a value.
        Exists => "exists" as "has a value",
        /// The path has no value.
        NotExists => "not_exists" as "has no value",
        /// Equal (numbers numerically, text case-insensitively).
        Equals => "equals" as "equals",
        /// Not equal.
        NotEquals => "not_equals" as "does not equal",
        /// Text contains, or an array holds, the value.
        Contains => "contains" as "contains",
        /// A number (or date text) above the value.
        GreaterThan => "greater_than" as "is greater than",
        /// Below the value.
        LessThan => "less_than" as "is less than",
        /// A value other than false, 0, "", "false", "no", an empty array or none.
        Truthy => "truthy" as "is true (yes, non-zero, not empty)",
    }
);

impl Operator {
    /// Whether it compares with a value (exists, not_exists and truthy do not).
    pub fn takes_value(self) -> bool {
        !matches!(
            self,
            Operator::Exists | Operator::NotExists | Operator::Truthy
        )
    }
}

/// A condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// Where to look.
    pub path: String,
    /// How to compare.
    pub op: Operator,
    /// What to compare with (unused by exists, not_exists and truthy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => (x - y).abs() < f64::EPSILON,
        _ => match (as_text(a), as_text(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "" | "false" | "no" | "0"
        ),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        // ISO dates and other text compare as text.
        _ => Some(as_text(a)?.cmp(&as_text(b)?)),
    }
}

impl Condition {
    /// Whether the condition holds for `data`.
    pub fn holds(&self, data: &Value) -> bool {
        let found = lookup(data, &self.path);
        let wanted = self.value.as_ref().unwrap_or(&Value::Null);
        match self.op {
            Operator::Exists => found.is_some(),
            Operator::NotExists => found.is_none(),
            Operator::Truthy => truthy(found),
            Operator::Equals => found.is_some_and(|v| equal(v, wanted)),
            Operator::NotEquals => !found.is_some_and(|v| equal(v, wanted)),
            Operator::Contains => match found {
                Some(Value::Array(items)) => items.iter().any(|i| equal(i, wanted)),
                Some(v) => match (as_text(v), as_text(wanted)) {
                    (Some(hay), Some(needle)) => hay.contains(&needle),
                    _ => false,
                },
                None => false,
            },
            Operator::GreaterThan => found
                .and_then(|v| order(v, wanted))
                .is_some_and(|o| o == std::cmp::Ordering::Greater),
            Operator::LessThan => found
                .and_then(|v| order(v, wanted))
                .is_some_and(|o| o == std::cmp::Ordering::Less),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(path: &str, op: Operator, value: Option<Value>) -> Condition {
        Condition {
            path: path.into(),
            op,
            value,
        }
    }

    #[test]
    fn operator_names_stay_the_ones_saved_templates_hold() {
        let names: Vec<&str> = Operator::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(
            names,
            [
                "exists",
                "not_exists",
                "equals",
                "not_equals",
                "contains",
                "greater_than",
                "less_than",
                "truthy"
            ]
        );
    }

    #[test]
    fn every_operator_reads_the_data_as_people_mean_it() {
        let data = json!({"status": "Active", "ltv": 2850.0, "tags": ["vip", "beta-user"], "note": "", "renews": "2024-06-15"});
        assert!(c("status", Operator::Exists, None).holds(&data));
        assert!(c("missing", Operator::NotExists, None).holds(&data));
        assert!(c("status", Operator::Equals, Some(json!("active"))).holds(&data));
        assert!(c("ltv", Operator::Equals, Some(json!("2850"))).holds(&data));
        assert!(c("status", Operator::NotEquals, Some(json!("closed"))).holds(&data));
        assert!(c("missing", Operator::NotEquals, Some(json!("x"))).holds(&data));
        assert!(c("tags", Operator::Contains, Some(json!("vip"))).holds(&data));
        assert!(c("status", Operator::Contains, Some(json!("tiv"))).holds(&data));
        assert!(c("ltv", Operator::GreaterThan, Some(json!(1000))).holds(&data));
        assert!(!c("ltv", Operator::LessThan, Some(json!(1000))).holds(&data));
        assert!(c("renews", Operator::GreaterThan, Some(json!("2024-01-01"))).holds(&data));
        assert!(c("tags", Operator::Truthy, None).holds(&data));
        assert!(!c("note", Operator::Truthy, None).holds(&data));
        assert!(!c("missing", Operator::GreaterThan, Some(json!(1))).holds(&data));
    }
}

//! Paths into JSON data: dotted keys with array indexes (`subscription.plan`, `orders[0].id`,
//! `tags`, `[0].name` for a top-level array). A missing path yields nothing, never an error.

use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path that cannot be read, with what is wrong (shown by the builder and the API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPath(pub String);

/// Parses `path`. The empty path (or `.`) is the data itself.
pub fn parse(path: &str) -> Result<Vec<Step>, BadPath> {
    let path = path.trim();
    if path.is_empty() || path == "." {
        return Ok(Vec::new());
    }
    let mut steps = Vec::new();
    for (n, part) in path.split('.').enumerate() {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && (rest.is_empty() || n > 0) {
            return Err(BadPath(format!("`{path}` has an empty part.")));
        }
        if key.contains([']', ' ', '{', '}']) {
            return Err(BadPath(format!("`{path}`: `{key}` is not a key.")));
        }
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else {
                return Err(BadPath(format!("`{path}` has a `[` without `]`.")));
            };
            let index = rest[1..close]
                .trim()
                .parse::<usize>()
                .map_err(|_| BadPath(format!("`{path}`: indexes are whole numbers, like [0].")))?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(BadPath(format!("`{path}`: use a dot after `]`.")));
            }
        }
    }
    Ok(steps)
}

/// The value at `path` in `data`, if there is one (`null` counts as none).
pub fn lookup<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    let steps = parse(path).ok()?;
    let mut at = data;
    for step in &steps {
        at = match (step, at) {
            (Step::Key(k), Value::Object(map)) => map.get(k)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    (!at.is_null()).then_some(at)
}

/// Every path in `data` that leads to a value worth showing, for the builder's field pickers:
/// scalars and arrays by their own path; array items by `[0]` (the first item's shape).
pub fn available(data: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(data, "", &mut out, 0);
    out
}

fn collect(data: &Value, prefix: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    match data {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if !v.is_object() {
                    out.push(path.clone());
                }
                if v.is_object() || v.is_array() {
                    collect(v, &path, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            if let Some(first @ (Value::Object(_) | Value::Array(_))) = items.first() {
                collect(first, &format!("{prefix}[0]"), out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dotted_paths_with_indexes_read_nested_values() {
        let data = json!({"subscription": {"plan": "Premium"}, "orders": [{"id": 1}, {"id": 2}], "tags": ["vip"], "gone": null});
        assert_eq!(lookup(&data, "subscription.plan"), Some(&json!("Premium")));
        assert_eq!(lookup(&data, "orders[1].id"), Some(&json!(2)));
        assert_eq!(lookup(&data, "tags"), Some(&json!(["vip"])));
        assert_eq!(lookup(&data, "tags[3]"), None);
        assert_eq!(lookup(&data, "gone"), None);
        assert_eq!(lookup(&data, "subscription.plan.x"), None);
        assert_eq!(
            lookup(&json!([{"name": "a"}]), "[0].name"),
            Some(&json!("a"))
        );
        assert_eq!(lookup(&data, ""), Some(&data));
    }

    #[test]
    fn bad_syntax_is_explained() {
        for bad in ["a..b", "a[", "a[x]", "a[0]b", ".a", "a b"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("orders[0][1].id"),
            Ok(vec![
                Step::Key("orders".into()),
                Step::Index(0),
                Step::Index(1),
                Step::Key("id".into())
            ])
        );
    }

    #[test]
    fn available_paths_follow_the_sample_shape() {
        let data = json!({"customer_id": 1, "subscription": {"plan": "P"}, "orders": [{"id": 1, "amount": "$4"}], "tags": ["a"]});
        assert_eq!(
            available(&data),
            [
                "customer_id",
                "orders",
                "orders[0].amount",
                "orders[0].id",
                "subscription.plan",
                "tags"
            ]
        );
    }
}

//! `{{path}}` interpolation in template text, titles, labels and URLs. A value inserted into a
//! URL is percent-encoded unless the placeholder is the whole URL (then the value is the URL, and
//! its scheme is checked like any other).

use crate::format::plain;
use crate::path::lookup;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters is encoded in inserted URL values.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The paths of every `{{…}}` in `text`, in order.
pub fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else {
            break;
        };
        out.push(rest[open + 2..open + 2 + close].trim().to_string());
        rest = &rest[open + 2 + close + 2..];
    }
    out
}

/// `text` filled from `data`, and how many of its placeholders had a value.
pub fn fill(text: &str, data: &Value, url: bool) -> (String, usize) {
    let whole = text.trim();
    if url && whole.starts_with("{{") && whole.ends_with("}}") && names(whole).len() == 1 {
        let value = lookup(data, &names(whole)[0]).and_then(plain);
        let filled = usize::from(value.is_some());
        return (value.unwrap_or_default(), filled);
    }
    let mut out = String::with_capacity(text.len());
    let mut filled = 0;
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        let path = rest[open + 2..open + 2 + close].trim();
        if let Some(v) = lookup(data, path).and_then(plain) {
            filled += 1;
            if url {
                out.push_str(&utf8_percent_encode(&v, COMPONENT).to_string());
            } else {
                out.push_str(&v);
            }
        }
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    (out, filled)
}

/// `text` filled from `data` (missing values become nothing).
pub fn interpolate(text: &str, data: &Value, url: bool) -> String {
    fill(text, data, url).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_filled_and_url_values_are_encoded_unless_they_are_the_url() {
        let data =
            json!({"id": "12 345/..", "name": "Sam", "profile": "https://crm.example.com/p/1"});
        assert_eq!(
            interpolate("Hi {{name}}{{missing}}!", &data, false),
            "Hi Sam!"
        );
        assert_eq!(
            interpolate("https://crm.example.com/c/{{id}}", &data, true),
            "https://crm.example.com/c/12%20345%2F.."
        );
        assert_eq!(
            interpolate(" {{profile}} ", &data, true),
            "https://crm.example.com/p/1"
        );
        assert_eq!(
            fill("{{a}} and {{name}}", &data, false),
            (" and Sam".to_string(), 1)
        );
        assert_eq!(names("{{ a }}{{b}}{{c"), ["a", "b"]);
    }
}

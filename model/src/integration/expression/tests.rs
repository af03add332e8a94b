//! The expression language: every filter by table, any attribute key round-tripping through the
//! parser, and the save-time errors.

use super::*;
use proptest::prelude::*;
use serde_json::json;

fn values() -> VariableValues {
    let mut v = VariableValues::new();
    v.set(Variable::ContactName, json!("  Sarah O'Neil "))
        .set(Variable::ContactEmail, json!("Sarah@Example.com"))
        .set_attribute("Company Name", json!("Acme & Co"))
        .set_attribute("plan.tier", json!("gold"))
        .set_attribute("seats", json!(12));
    v
}

fn eval(text: &str) -> Option<String> {
    Expression::parse(text)
        .expect("an expression")
        .text(&values())
}

#[test]
fn each_filter_does_one_thing_and_they_chain_left_to_right() {
    let table: &[(&str, Option<&str>)] = &[
        ("contact.email | lower", Some("sarah@example.com")),
        ("contact.email | upper", Some("SARAH@EXAMPLE.COM")),
        ("contact.name | trim", Some("Sarah O'Neil")),
        ("contact.name | trim | upper", Some("SARAH O'NEIL")),
        ("contact.phone_number | default: \"none\"", Some("none")),
        ("contact.phone_number | default: 'a | b'", Some("a | b")),
        ("contact.phone_number | trim", None),
        ("contact.phone_number | default: \"\"", None),
        (
            "contact.attributes[\"Company Name\"] | urlencode",
            Some("Acme%20%26%20Co"),
        ),
        ("contact.attributes.seats", Some("12")),
        (
            "contact.custom_attributes['plan.tier'] | upper",
            Some("GOLD"),
        ),
    ];
    for (text, expected) in table {
        assert_eq!(eval(text).as_deref(), *expected, "{text}");
    }
    let blank = {
        let mut v = VariableValues::new();
        v.set(Variable::ContactName, json!("   "));
        v
    };
    let greeting = Expression::parse("contact.name | trim | default: \"there\"").expect("parses");
    assert_eq!(
        greeting.text(&blank).as_deref(),
        Some("there"),
        "trimmed to nothing"
    );
}

#[test]
fn the_alias_and_both_quotes_name_the_same_attribute() {
    let source = |t: &str| Expression::parse(t).expect("parses").source;
    let company = Source::Attribute("Company Name".into());
    assert_eq!(source(r#"contact.attributes["Company Name"]"#), company);
    assert_eq!(source("contact.attributes['Company Name']"), company);
    assert_eq!(
        source(r#"contact.custom_attributes[ "Company Name" ]"#),
        company
    );
    assert_eq!(
        source("contact.custom_attributes.plan"),
        source("contact.attributes.plan")
    );
    assert_eq!(company.name(), r#"contact.attributes["Company Name"]"#);
    assert_eq!(
        Source::Attribute("plan".into()).name(),
        "contact.attributes.plan"
    );
}

#[test]
fn mistakes_are_named_for_the_admin() {
    let error = |t: &str| Expression::parse(t).err().map(|e| e.to_string());
    assert_eq!(
        error("contact.email | shout").as_deref(),
        Some("Unknown filter `shout`. Filters: lower, upper, trim, default, urlencode.")
    );
    assert_eq!(
        error("contact.emial").as_deref(),
        Some("Unknown variable: {{contact.emial}}.")
    );
    assert!(error("contact.attributes.a b").is_some_and(|m| m.starts_with("Write an attribute")));
    assert!(error("contact.attributes[\"open]").is_some());
    assert!(error("contact.attributes[\"\"]").is_some(), "an empty key");
    assert_eq!(
        error("contact.name | default").as_deref(),
        Some("default takes a quoted text: | default: \"there\".")
    );
    assert_eq!(
        error("contact.name | default: there").as_deref(),
        Some("default takes a quoted text: | default: \"there\".")
    );
    assert_eq!(
        error("contact.name | lower: 1").as_deref(),
        Some("lower takes no argument.")
    );
    for name in FilterName::ALL {
        let example = name.example();
        let inner = example.trim_start_matches("{{").trim_end_matches("}}");
        assert!(
            Expression::parse(inner).is_ok(),
            "the example of {name} parses"
        );
    }
}

proptest! {
    #[test]
    fn any_attribute_key_round_trips_through_its_canonical_name(key in "\\PC{1,40}") {
        let source = Source::Attribute(key.clone());
        let parsed = Expression::parse(&source.name()).expect("the canonical name parses");
        prop_assert_eq!(parsed.source, source);
        let mut v = VariableValues::new();
        v.set_attribute(&key, json!("x"));
        let found = Expression::parse(&Source::Attribute(key).name()).expect("parses").text(&v);
        prop_assert_eq!(found.as_deref(), Some("x"));
    }

    #[test]
    fn any_default_text_round_trips(text in "\\PC{1,30}") {
        let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        let e = Expression::parse(&format!("contact.phone_number | default: {quoted}"))
            .expect("parses");
        prop_assert_eq!(e.text(&VariableValues::new()), Some(text).filter(|t| !t.is_empty()));
    }
}

#[test]
fn only_documented_names_and_attribute_keys_are_known_case_sensitively() {
    let known = |name: &str| problems_in(&format!("{{{{{name}}}}}")).is_empty();
    assert!(known("contact.email"));
    assert!(known("visitor.page_url"));
    assert!(known("contact.attributes.plan_tier"));
    assert!(!known("Contact.email"));
    assert!(!known("contact.attributes."));
    assert!(!known("contact.attributes.a b"));
    assert_eq!(
        problems_in("{{contact.emial}} {{contact.email}} {{contact.emial}} {{x}}")
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "Unknown variable: {{contact.emial}}.",
            "Unknown variable: {{x}}."
        ]
    );
}

#[test]
fn the_reason_names_what_is_missing() {
    assert_eq!(
        needed_reason("contact.email"),
        "No email for this contact yet"
    );
    assert_eq!(
        needed_reason("contact.attributes.plan | upper"),
        "Needs the contact's plan attribute"
    );
    assert_eq!(
        needed_reason(r#"contact.attributes["Company Name"]"#),
        "Needs the contact's Company Name attribute"
    );
}

use super::*;
use proptest::prelude::*;
use serde_json::json;

fn def(key: &str, t: AttributeType, required: bool) -> AttributeDefinition {
    AttributeDefinition {
        key: key.into(),
        label: key.to_uppercase(),
        attribute_type: t,
        required,
        options: if t == AttributeType::Select {
            vec!["pending".into(), "shipped".into()]
        } else {
            vec![]
        },
        is_external_id: false,
    }
}

fn orders() -> Vec<AttributeDefinition> {
    let mut number = def("order_number", AttributeType::String, true);
    number.is_external_id = true;
    vec![
        number,
        def("status", AttributeType::Select, false),
        def("amount", AttributeType::Number, false),
        def("gift", AttributeType::Boolean, false),
        def("due", AttributeType::Date, false),
    ]
}

fn map(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

#[test]
fn values_are_checked_against_their_types() {
    let ok = check_values(
        &orders(),
        &map(
            json!({"order_number": " A-1 ", "status": "pending", "amount": 99.5, "gift": true, "due": "2026-02-28"}),
        ),
        None,
    );
    assert_eq!(ok.map(|m| m["order_number"].clone()), Ok(json!("A-1")));
    let bad = check_values(&orders(), &map(json!({"order_number": 7, "status": "lost", "amount": "99", "gift": "yes", "due": "2026-02-30", "colour": "red"})), None)
        .err()
        .unwrap_or_default();
    assert_eq!(bad.get("values.order_number"), Some("Must be text."));
    assert_eq!(
        bad.get("values.status"),
        Some("Must be one of: pending, shipped.")
    );
    assert_eq!(bad.get("values.amount"), Some("Must be a number."));
    assert_eq!(bad.get("values.gift"), Some("Must be true or false."));
    assert_eq!(
        bad.get("values.due"),
        Some("Must be a date like 2026-01-31.")
    );
    assert_eq!(
        bad.get("values.colour"),
        Some("Unknown attribute for this entity.")
    );
}

#[test]
fn required_values_are_needed_on_create_and_cannot_be_removed_by_an_update() {
    let missing = check_values(&orders(), &map(json!({"status": "pending"})), None)
        .err()
        .unwrap_or_default();
    assert_eq!(
        missing.get("values.order_number"),
        Some("This field is required.")
    );
    let existing = map(json!({"order_number": "A-1", "status": "pending", "amount": 5}));
    let merged = check_values(
        &orders(),
        &map(json!({"status": "shipped", "amount": null})),
        Some(&existing),
    );
    assert_eq!(
        merged,
        Ok(map(json!({"order_number": "A-1", "status": "shipped"})))
    );
    let removed = check_values(
        &orders(),
        &map(json!({"order_number": null})),
        Some(&existing),
    )
    .err()
    .unwrap_or_default();
    assert_eq!(
        removed.get("values.order_number"),
        Some("This field is required.")
    );
}

#[test]
fn the_external_id_follows_its_attribute() {
    assert_eq!(
        external_id_from(&orders(), &map(json!({"order_number": "A-1"}))),
        Some("A-1".into())
    );
    assert_eq!(
        external_id_from(&orders(), &map(json!({"status": "pending"}))),
        None
    );
    assert_eq!(
        external_id_from(&orders()[1..], &map(json!({"order_number": "A-1"}))),
        None
    );
}

#[test]
fn definitions_need_good_unique_keys_and_one_external_id_at_most() {
    let mut second = def("ref", AttributeType::String, false);
    second.is_external_id = true;
    let mut defs = orders();
    defs.push(second);
    defs.push(def("Bad Key", AttributeType::String, false));
    defs.push(def("status", AttributeType::String, false));
    let mut empty_select = def("kind", AttributeType::Select, false);
    empty_select.options.clear();
    defs.push(empty_select);
    let errors = check_definitions(defs).err().unwrap_or_default();
    assert!(errors.get("attributes.5.is_external_id").is_some());
    assert!(errors.get("attributes.6.key").is_some());
    assert_eq!(
        errors.get("attributes.7.key"),
        Some("Another attribute has this key.")
    );
    assert_eq!(
        errors.get("attributes.8.options"),
        Some("A select needs at least one option.")
    );
    assert!(check_definitions(orders()).is_ok());
}

proptest! {
    #[test]
    fn any_well_typed_values_pass_and_round_trip(number in "[A-Z]{1,3}-[0-9]{1,6}", amount in -1.0e9f64..1.0e9, gift: bool, pick in 0usize..2) {
        let status = ["pending", "shipped"][pick];
        let values = map(json!({"order_number": number, "amount": amount, "gift": gift, "status": status}));
        let checked = check_values(&orders(), &values, None);
        prop_assert_eq!(checked, Ok(values.clone()));
        prop_assert_eq!(external_id_from(&orders(), &values), Some(number));
    }
}

#[test]
fn with_records_an_attribute_keeps_its_type_and_the_external_id_stays_put() {
    let current = orders();
    let mut renamed = current.clone();
    renamed[2].label = "Total".into();
    renamed.push(def("notes", AttributeType::String, false));
    renamed.remove(3);
    assert_eq!(
        check_definition_change(&current, &renamed, true),
        Ok(()),
        "labels, new and removed attributes are fine"
    );

    let mut retyped = current.clone();
    retyped[2].attribute_type = AttributeType::String;
    let errors = check_definition_change(&current, &retyped, true).expect_err("type change");
    assert!(errors.0.contains_key("attributes.2.type"), "{errors:?}");
    assert_eq!(
        check_definition_change(&current, &retyped, false),
        Ok(()),
        "without records anything goes"
    );

    let mut moved = current.clone();
    moved[0].is_external_id = false;
    let errors = check_definition_change(&current, &moved, true).expect_err("external id dropped");
    assert!(
        errors.0.contains_key("attributes.0.is_external_id"),
        "{errors:?}"
    );
}

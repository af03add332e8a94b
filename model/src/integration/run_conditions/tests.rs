use super::*;
use crate::validation::FieldErrors;

fn subject() -> RunSubject {
    RunSubject {
        contact_name: "Sarah Chen".into(),
        contact_email: Some("sarah@example.com".into()),
        contact_phone: None,
        attributes: json!({"plan": "Gold", "seats": 12, "tags": ["vip", "eu"], "trial": false}),
        conversation_status: Some("active".into()),
        conversation_subject: Some("Refund for order 1234".into()),
        inbox_id: Some(3),
        inbox_name: Some("Billing".into()),
    }
}

fn when(path: &str, op: Operator, value: Option<Value>) -> Condition {
    Condition {
        path: path.into(),
        op,
        value,
    }
}

fn holds(c: Condition) -> bool {
    first_failing(std::slice::from_ref(&c), &subject()).is_none()
}

#[test]
fn exists_and_not_exists_look_at_whether_the_contact_has_the_value() {
    assert!(holds(when("contact.email", Operator::Exists, None)));
    assert!(!holds(when("contact.phone_number", Operator::Exists, None)));
    assert!(holds(when(
        "contact.phone_number",
        Operator::NotExists,
        None
    )));
    assert!(!holds(when("contact.email", Operator::NotExists, None)));
}

#[test]
fn equals_compares_text_without_case_and_numbers_as_numbers() {
    assert!(holds(when(
        "contact.attributes.plan",
        Operator::Equals,
        Some(json!("gold"))
    )));
    assert!(holds(when(
        "contact.attributes.seats",
        Operator::Equals,
        Some(json!("12"))
    )));
    assert!(holds(when(
        "inbox.name",
        Operator::Equals,
        Some(json!("Billing"))
    )));
    assert!(!holds(when(
        "conversation.status",
        Operator::Equals,
        Some(json!("closed"))
    )));
}

#[test]
fn not_equals_holds_for_a_missing_value_too() {
    assert!(holds(when(
        "conversation.status",
        Operator::NotEquals,
        Some(json!("closed"))
    )));
    assert!(holds(when(
        "contact.phone_number",
        Operator::NotEquals,
        Some(json!("1"))
    )));
    assert!(!holds(when(
        "inbox.id",
        Operator::NotEquals,
        Some(json!(3))
    )));
}

#[test]
fn contains_looks_in_text_and_in_lists() {
    assert!(holds(when(
        "conversation.subject",
        Operator::Contains,
        Some(json!("Refund"))
    )));
    assert!(holds(when(
        "contact.attributes.tags",
        Operator::Contains,
        Some(json!("vip"))
    )));
    assert!(!holds(when(
        "contact.attributes.tags",
        Operator::Contains,
        Some(json!("us"))
    )));
}

#[test]
fn greater_and_less_than_compare_numbers() {
    assert!(holds(when(
        "contact.attributes.seats",
        Operator::GreaterThan,
        Some(json!("10"))
    )));
    assert!(!holds(when(
        "contact.attributes.seats",
        Operator::LessThan,
        Some(json!("10"))
    )));
    assert!(holds(when(
        "contact.attributes.seats",
        Operator::LessThan,
        Some(json!(20))
    )));
}

#[test]
fn truthy_is_false_for_false_and_missing_values() {
    assert!(!holds(when(
        "contact.attributes.trial",
        Operator::Truthy,
        None
    )));
    assert!(!holds(when(
        "contact.attributes.nothing",
        Operator::Truthy,
        None
    )));
    assert!(holds(when(
        "contact.attributes.plan",
        Operator::Truthy,
        None
    )));
}

#[test]
fn all_conditions_must_hold_and_the_first_failing_one_is_named() {
    let conditions = vec![
        when("contact.email", Operator::Exists, None),
        when(
            "conversation.status",
            Operator::Equals,
            Some(json!("closed")),
        ),
        when("inbox.name", Operator::Equals, Some(json!("Sales"))),
    ];
    let failing = first_failing(&conditions, &subject()).expect("one fails");
    assert_eq!(failing.path, "conversation.status");
    assert_eq!(
        skip_reason(failing),
        "Runs only when conversation.status equals \"closed\"."
    );
    assert_eq!(first_failing(&[], &subject()), None, "none: always runs");
}

#[test]
fn a_sheet_without_a_conversation_has_no_status() {
    let without = RunSubject {
        conversation_status: None,
        ..subject()
    };
    let open = [when(
        "conversation.status",
        Operator::Equals,
        Some(json!("active")),
    )];
    assert!(first_failing(&open, &without).is_some());
}

#[test]
fn only_known_paths_and_comparisons_with_a_value_are_accepted() {
    let mut errors = FieldErrors::new();
    check(
        &[
            when(
                "contact.attributes.plan",
                Operator::Equals,
                Some(json!("gold")),
            ),
            when("contact.password", Operator::Exists, None),
            when("conversation.status", Operator::Equals, Some(json!(" "))),
            when("contact.attributes.", Operator::Exists, None),
            when("contact.name", Operator::Equals, Some(json!({}))),
        ],
        &mut errors,
    );
    let fields: Vec<&str> = errors.0.keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        vec![
            "run_conditions.1.path",
            "run_conditions.2.value",
            "run_conditions.3.path",
            "run_conditions.4.value"
        ]
    );
    let mut too_many = FieldErrors::new();
    check(
        &vec![when("contact.email", Operator::Exists, None); RUN_CONDITIONS_MAX + 1],
        &mut too_many,
    );
    assert!(too_many.0.contains_key("run_conditions"));
}

#[test]
fn values_the_operator_ignores_are_not_kept() {
    let kept = without_ignored_values(vec![
        when("contact.email", Operator::Exists, Some(json!("x"))),
        when("inbox.name", Operator::Equals, Some(json!("Billing"))),
    ]);
    assert_eq!(kept[0].value, None);
    assert_eq!(kept[1].value, Some(json!("Billing")));
}

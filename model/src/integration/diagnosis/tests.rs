use super::*;
use chrono::TimeZone;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, h, m, 0)
        .single()
        .expect("a time")
}

/// An integration that runs and has answered.
fn shown() -> CardFacts {
    CardFacts {
        is_active: true,
        inbox: Some("Support".into()),
        attached: Some(true),
        display_enabled: true,
        failed_condition: None,
        request: Ok(None),
        breaker_open_until: None,
        kept: None,
        last_good: None,
        last_run: Some(LastRun {
            at: at(10, 0),
            ok: true,
            failure: None,
            http_status: Some(200),
            error: None,
        }),
    }
}

fn failed(failure: FailureKind, status: Option<u16>, error: &str) -> CardFacts {
    CardFacts {
        last_run: Some(LastRun {
            at: at(10, 5),
            ok: false,
            failure: Some(failure),
            http_status: status,
            error: Some(error.into()),
        }),
        ..shown()
    }
}

#[test]
fn a_card_that_answered_is_shown() {
    let (rule, words) = diagnose(&shown());
    assert_eq!(rule, CardRule::Shown);
    assert!(rule.shows_data());
    assert_eq!(words, "Shown: the last call at 10:00 UTC answered.");
}

#[test]
fn a_switched_off_integration_says_so_before_anything_else() {
    let facts = CardFacts {
        is_active: false,
        attached: None,
        ..shown()
    };
    assert_eq!(diagnose(&facts).0, CardRule::Inactive);
}

#[test]
fn an_integration_not_attached_to_the_inbox_names_the_inbox() {
    let facts = CardFacts {
        attached: None,
        ..shown()
    };
    assert_eq!(
        diagnose(&facts),
        (
            CardRule::NotAttached,
            "Not attached to the Support inbox.".into()
        )
    );
    let without_conversation = CardFacts {
        inbox: None,
        ..facts
    };
    assert_eq!(
        diagnose(&without_conversation).1,
        "Not attached to any inbox."
    );
}

#[test]
fn an_integration_turned_off_for_the_inbox_says_so() {
    let facts = CardFacts {
        attached: Some(false),
        ..shown()
    };
    assert_eq!(diagnose(&facts).0, CardRule::OffForInbox);
}

#[test]
fn display_off_is_its_own_reason() {
    let facts = CardFacts {
        display_enabled: false,
        ..shown()
    };
    assert_eq!(diagnose(&facts).0, CardRule::DisplayOff);
}

#[test]
fn a_missing_email_gives_the_runners_own_words() {
    let facts = CardFacts {
        request: Ok(Some("Needs the contact's email.".into())),
        ..shown()
    };
    assert_eq!(
        diagnose(&facts),
        (
            CardRule::MissingValue,
            "Not called: Needs the contact's email.".into()
        )
    );
}

#[test]
fn a_request_that_cannot_be_built_says_why() {
    let facts = CardFacts {
        request: Err("The URL is not valid.".into()),
        ..shown()
    };
    assert_eq!(diagnose(&facts).0, CardRule::CannotBuild);
}

#[test]
fn an_open_breaker_says_until_when_and_what_the_card_falls_back_to() {
    let facts = CardFacts {
        breaker_open_until: Some(at(10, 42)),
        last_good: Some(at(9, 30)),
        ..failed(FailureKind::Status, Some(503), "The CRM answered 503.")
    };
    let (rule, words) = diagnose(&facts);
    assert_eq!(rule, CardRule::BreakerOpen);
    assert!(words.contains("until 10:42 UTC"), "{words}");
    assert!(
        words.ends_with("the last good answer, from 09:30 UTC."),
        "{words}"
    );
}

#[test]
fn a_call_refused_by_the_outbound_rules_is_blocked_with_the_hint() {
    let (rule, words) = diagnose(&failed(
        FailureKind::Blocked,
        None,
        "This address is not allowed.",
    ));
    assert_eq!(rule, CardRule::Blocked);
    assert!(words.contains("outbound rules"), "{words}");
}

#[test]
fn an_upstream_error_gives_the_status_and_its_hint() {
    let (rule, words) = diagnose(&failed(
        FailureKind::Status,
        Some(404),
        "The API answered 404 Not Found.",
    ));
    assert_eq!(rule, CardRule::UpstreamError);
    assert!(words.contains("404"), "{words}");
    assert!(words.contains("may not exist in the CRM"), "{words}");
}

#[test]
fn a_kept_empty_answer_is_its_own_reason_and_a_kept_answer_shows() {
    let empty = CardFacts {
        kept: Some(KeptAnswer {
            fetched_at: at(9, 0),
            empty: true,
        }),
        ..shown()
    };
    assert_eq!(diagnose(&empty).0, CardRule::CachedEmpty);
    let full = CardFacts {
        kept: Some(KeptAnswer {
            fetched_at: at(9, 0),
            empty: false,
        }),
        ..shown()
    };
    assert_eq!(diagnose(&full).0, CardRule::Shown);
}

#[test]
fn an_integration_that_never_ran_for_the_contact_says_when_it_will() {
    let facts = CardFacts {
        last_run: None,
        ..shown()
    };
    assert_eq!(diagnose(&facts).0, CardRule::NotRunYet);
}

#[test]
fn empty_answers_are_null_blank_and_empty_collections() {
    use serde_json::json;
    for empty in [json!(null), json!(""), json!(" "), json!([]), json!({})] {
        assert!(is_empty_answer(&empty), "{empty}");
    }
    for full in [
        json!(0),
        json!(false),
        json!("x"),
        json!([1]),
        json!({"a": 1}),
    ] {
        assert!(!is_empty_answer(&full), "{full}");
    }
}

#[test]
fn a_run_condition_that_does_not_hold_is_named() {
    let facts = CardFacts {
        failed_condition: Some("conversation.status equals \"open\"".into()),
        ..shown()
    };
    assert_eq!(
        diagnose(&facts),
        (
            CardRule::ConditionFalse,
            "Not run: it runs only when conversation.status equals \"open\".".into()
        )
    );
}

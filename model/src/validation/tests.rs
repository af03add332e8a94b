use super::*;
use proptest::prelude::*;

#[test]
fn email_is_trimmed_and_lowercased() {
    let e = EmailAddress::parse("email", "  Ana.Lima@Example.COM ").map(EmailAddress::into_string);
    assert_eq!(e, Ok("ana.lima@example.com".to_string()));
}

#[test]
fn email_without_domain_dot_or_at_is_refused_with_a_message() {
    for bad in [
        "ana",
        "ana@",
        "@example.com",
        "ana@example",
        "ana@exa..mple.com",
        "a b@example.com",
        "ana@-.com.",
    ] {
        let err = EmailAddress::parse("email", bad).err();
        assert!(err.is_some(), "{bad} was accepted");
        assert_eq!(err.map(|e| e.field), Some("email".to_string()));
    }
    assert_eq!(
        EmailAddress::parse("email", "").err().map(|e| e.message),
        Some("This field is required.".to_string())
    );
}

#[test]
fn phone_numbers_are_stored_in_e164() {
    for (input, want) in [
        ("+1 (415) 555-0132", "+14155550132"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+49.30.901820", "+4930901820"),
        ("+44 (0)1234 567890", "+441234567890"),
        ("+44 1234 567890", "+441234567890"),
    ] {
        assert_eq!(
            PhoneNumber::parse("phone", input).map(PhoneNumber::into_string),
            Ok(want.to_string())
        );
    }
}

#[test]
fn phone_numbers_without_country_code_or_with_letters_are_refused() {
    for bad in [
        "415 555 0132",
        "+1 555 CALL NOW",
        "+0 123 456 789",
        "+12",
        "+1234567890123456",
    ] {
        assert!(
            PhoneNumber::parse("phone", bad).is_err(),
            "{bad} was accepted"
        );
    }
}

#[test]
fn required_text_trims_and_limits_length() {
    assert_eq!(required_text("name", "  Ana  ", 10), Ok("Ana".to_string()));
    assert!(required_text("name", "   ", 10).is_err());
    assert!(required_text("name", &"x".repeat(11), 10).is_err());
    assert_eq!(
        required_text("name", &"é".repeat(10), 10).map(|s| s.chars().count()),
        Ok(10)
    );
    assert!(required_text("name", "a\u{0}b", 10).is_err());
}

#[test]
fn field_errors_keep_the_first_message_per_field() {
    let mut errors = FieldErrors::new();
    errors.add(ValidationError::new("email", "first"));
    errors.add(ValidationError::new("email", "second"));
    errors.add(ValidationError::new("name", "bad"));
    assert_eq!(errors.get("email"), Some("first"));
    assert_eq!(errors.0.len(), 2);
    assert!(errors.into_result().is_err());
}

#[test]
fn slugs() {
    assert_eq!(slugify("Acme Support"), "acme-support");
    assert_eq!(slugify("  Ünïcode & Co. "), "n-code-co");
    assert!(team_slug("team", "acme-support").is_ok());
    assert!(team_slug("team", "Acme").is_err());
    assert!(team_slug("team", "a--b").is_err());
}

proptest! {
    #[test]
    fn a_parsed_phone_is_always_e164(s in "\\PC{0,30}") {
        if let Ok(p) = PhoneNumber::parse("phone", &s) {
            let digits = &p.as_str()[1..];
            prop_assert!(p.as_str().starts_with('+'));
            prop_assert!(digits.chars().all(|c| c.is_ascii_digit()));
            prop_assert!((8..=15).contains(&digits.len()));
            // Parsing the stored form again is a no-op.
            prop_assert_eq!(PhoneNumber::parse("phone", p.as_str()), Ok(p.clone()));
        }
    }

    #[test]
    fn a_parsed_email_is_lowercase_and_reparses_to_itself(s in "[a-zA-Z0-9._%+-]{1,20}@[a-zA-Z0-9-]{1,10}\\.[a-zA-Z]{2,6}") {
        let e = EmailAddress::parse("email", &s);
        prop_assert!(e.is_ok());
        if let Ok(e) = e {
            prop_assert_eq!(e.as_str(), s.to_lowercase());
            prop_assert_eq!(EmailAddress::parse("email", e.as_str()), Ok(e.clone()));
        }
    }

    #[test]
    fn slugify_always_yields_a_valid_slug_or_nothing(s in "\\PC{0,80}") {
        let slug = slugify(&s);
        prop_assert!(slug.is_empty() || slug.len() < 2 || team_slug("t", &slug).is_ok(), "{}", slug);
    }
}

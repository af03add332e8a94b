use super::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn values(email: &str) -> VariableValues {
    let mut v = VariableValues::new();
    v.set(Variable::ContactId, json!(42))
        .set(Variable::ContactEmail, json!(email))
        .set(Variable::ContactName, json!("Sarah O'Neil"))
        .set(
            Variable::ConversationUuid,
            json!("b88d3c4d-c402-4673-8e5b-68778eac45cb"),
        )
        .set(Variable::VisitorPageUrl, json!("http://www.test.com/chat"))
        .set_attribute("plan", json!({"tier": "gold"}));
    v
}

/// `values("a@b.example")` with the contact's name set to `text`: the carrier of hostile text in
/// the escaping tests (the email must stay a valid address, or the email rule skips the call).
fn with_name(text: &str) -> VariableValues {
    let mut v = values("sarah@example.com");
    v.set(Variable::ContactName, json!(text));
    v
}

fn ready(p: Result<Prepared, TemplateError>) -> ResolvedRequest {
    match p {
        Ok(Prepared::Ready(r)) => r,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn input(url: &str) -> IntegrationInput {
    serde_json::from_value(json!({"name": "CRM", "url": url})).expect("input")
}

#[test]
fn the_get_contact_lookup_encodes_each_value_into_its_own_query_parameter() {
    let url = "https://crm.example.com/lookup?email={{contact.email}}&ip={{visitor.ip}}&url={{visitor.page_url}}&caseId={{conversation.uuid}}";
    let r = ready(resolve(
        &RequestTemplate {
            url,
            headers: &[],
            query: &[],
            body: None,
        },
        &values("test@test.com"),
    ));
    assert_eq!(
        r.url,
        "https://crm.example.com/lookup?email=test%40test.com&ip=&url=http%3A%2F%2Fwww.test.com%2Fchat&caseId=b88d3c4d-c402-4673-8e5b-68778eac45cb"
    );
}

#[test]
fn a_url_variable_without_a_value_skips_the_call_with_the_agents_reason() {
    let template = RequestTemplate {
        url: "https://api.example.com/customers/{{contact.email}}",
        headers: &[],
        query: &[],
        body: None,
    };
    assert_eq!(
        resolve(&template, &values("")),
        Ok(Prepared::Skipped {
            reason: "No email for this contact yet".into()
        })
    );
    let phone = RequestTemplate {
        url: "https://api.example.com/customers/{{contact.phone_number}}",
        ..template
    };
    assert_eq!(
        resolve(&phone, &values("sarah@example.com")),
        Ok(Prepared::Skipped {
            reason: "Needs the contact's phone number".into()
        })
    );
}

/// The email rule, slot by slot: a request using `{{contact.email}}` anywhere runs only for a
/// valid address; one that does not use it runs without one.
#[test]
fn the_email_rule_holds_in_every_slot_and_an_invalid_address_counts_as_missing() {
    let email = "{{contact.email | lower}}".to_string();
    let header = vec![("X-Email".to_string(), email.clone())];
    let query = vec![("email".to_string(), email.clone())];
    let none: &[(String, String)] = &[];
    let slots: [(&str, RequestTemplate<'_>); 4] = [
        (
            "url",
            RequestTemplate {
                url: "https://crm.example.com/c/{{contact.email}}",
                headers: none,
                query: none,
                body: None,
            },
        ),
        (
            "query table",
            RequestTemplate {
                url: "https://crm.example.com/c",
                headers: none,
                query: &query,
                body: None,
            },
        ),
        (
            "header",
            RequestTemplate {
                url: "https://crm.example.com/c",
                headers: &header,
                query: none,
                body: None,
            },
        ),
        (
            "body",
            RequestTemplate {
                url: "https://crm.example.com/c",
                headers: none,
                query: none,
                body: Some(r#"{"e": "{{contact.email}}"}"#),
            },
        ),
    ];
    let skipped = Ok(Prepared::Skipped {
        reason: "No email for this contact yet".into(),
    });
    for (slot, template) in &slots {
        for (address, runs) in [
            ("sarah@example.com", true),
            ("", false),
            ("not an email", false),
            ("a@", false),
        ] {
            let outcome = resolve(template, &values(address));
            if runs {
                assert!(
                    matches!(outcome, Ok(Prepared::Ready(_))),
                    "{slot}, {address:?}: {outcome:?}"
                );
            } else {
                assert_eq!(outcome, skipped, "{slot}, {address:?}");
            }
        }
    }
    let without = RequestTemplate {
        url: "https://crm.example.com/c/{{contact.id}}",
        headers: none,
        query: none,
        body: None,
    };
    assert!(matches!(
        resolve(&without, &values("")),
        Ok(Prepared::Ready(_))
    ));
}

#[test]
fn path_values_cannot_add_segments_climb_or_start_a_query() {
    let template = RequestTemplate {
        url: "https://api.example.com/customers/{{contact.name}}/orders",
        headers: &[],
        query: &[],
        body: None,
    };
    let r = ready(resolve(&template, &with_name("../admin?x=1#y")));
    assert_eq!(
        r.url,
        "https://api.example.com/customers/..%2Fadmin%3Fx%3D1%23y/orders"
    );
    for dots in [".", ".."] {
        let refused = resolve(&template, &with_name(dots));
        assert!(
            matches!(&refused, Err(e) if e.field == "url"),
            "{dots}: {refused:?}"
        );
    }
}

#[test]
fn header_values_with_line_breaks_stop_the_request_and_bodies_keep_their_shape() {
    let headers = vec![("X-Customer".to_string(), "{{contact.name}}".to_string())];
    let template = RequestTemplate {
        url: "https://api.example.com/c",
        headers: &headers,
        query: &[],
        body: Some(
            r#"{"id": {{contact.id}}, "email": "{{contact.email}}", "plan": "{{contact.attributes.plan}}", "missing": {{conversation.id}}, "tags": ["{{contact.name}}"]}"#,
        ),
    };
    let err = resolve(&template, &with_name("Sarah\r\nX-Admin: 1"));
    assert_eq!(err.map_err(|e| e.field), Err("headers.0.value".to_string()));
    let r = ready(resolve(&template, &with_name("Sa\"rah")));
    assert_eq!(r.headers, vec![("X-Customer".into(), "Sa\"rah".into())]);
    assert_eq!(
        r.body,
        Some(
            json!({"id": 42, "email": "sarah@example.com", "plan": "{\"tier\":\"gold\"}", "missing": null, "tags": ["Sa\"rah"]})
        )
    );
}

#[test]
fn validation_names_every_field_and_lists_unknown_variables() {
    let mut bad = input("ftp://{{contact.email}}.example.com");
    bad.name = " ".into();
    bad.timeout_seconds = 0;
    bad.cache_minutes = 1441;
    bad.headers = vec![
        HeaderEntry {
            name: "Host".into(),
            value: "x".into(),
            secret: false,
        },
        HeaderEntry {
            name: "X-Id".into(),
            value: "{{contact.emial}} {{Contact.id}}".into(),
            secret: false,
        },
    ];
    bad.body = Some("{\"a\": 1}".into());
    let errors = bad.validate().expect_err("invalid");
    for field in [
        "name",
        "url",
        "timeout_seconds",
        "cache_minutes",
        "headers.0.name",
        "headers.1.value",
        "body",
    ] {
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
    assert_eq!(
        errors.get("headers.1.value"),
        Some("Unknown variable: {{contact.emial}}, {{Contact.id}}.")
    );
    assert!(
        input("https://{{contact.email}}.example.com/x")
            .validate()
            .is_err()
    );

    // The spaces of a filter belong to the placeholder, not to the URL.
    assert_eq!(
        input(r#"https://crm.example.com/c/{{contact.email | lower}}?n={{contact.name | default: "a b"}}"#)
            .validate(),
        Ok(())
    );
    let unknown = input("https://crm.example.com/c/{{contact.email | shout}}")
        .validate()
        .expect_err("an unknown filter");
    assert_eq!(
        unknown.get("url"),
        Some("Unknown filter `shout`. Filters: lower, upper, trim, default, urlencode.")
    );
    assert!(
        input("https://crm.example.com/a b/{{contact.id}}")
            .validate()
            .is_err_and(|e| e.get("url") == Some("A URL cannot contain spaces.")),
        "a space outside placeholders"
    );

    let mut post = input("https://api.example.com/customers");
    post.method = HttpMethod::Post;
    post.body = Some(r#"{"email": "{{contact.email}}", "id": {{contact.id}}}"#.into());
    assert_eq!(post.validate(), Ok(()));
    post.body = Some(r#"{"{{contact.email}}": 1}"#.into());
    assert!(post.validate().is_err(), "variables in keys");
    post.body = Some(r#"{"email": }"#.into());
    assert!(post.validate().is_err(), "broken JSON");
    assert_eq!(
        input("https://crm.example.com/lookup?email={{contact.email}}").validate(),
        Ok(())
    );
}

#[test]
fn credential_headers_are_secret_by_name() {
    for name in [
        "Authorization",
        "X-Api-Key",
        "X-Auth-Token",
        "client_secret",
        "Password",
    ] {
        assert!(is_secret_header(name), "{name}");
    }
    assert!(!is_secret_header("Accept"));
}

/// The JSON keys at every depth, as dotted paths.
#[test]
fn an_unquoted_body_slot_takes_scalars_and_refuses_an_object_or_list_value() {
    let mut v = VariableValues::new();
    v.set(Variable::ContactId, json!(7))
        .set_attribute("vip", json!(true))
        .set_attribute("extra", json!({"admin": true}))
        .set_attribute("tags", json!(["a", "b"]));
    let body = |text: &str| {
        resolve(
            &RequestTemplate {
                url: "https://api.example.com/x",
                headers: &[],
                query: &[],
                body: Some(text),
            },
            &v,
        )
    };
    let ok = ready(body(
        r#"{"id": {{contact.id}}, "vip": {{contact.attributes.vip}}}"#,
    ));
    assert_eq!(ok.body, Some(json!({"id": 7, "vip": true})));
    for slot in ["contact.attributes.extra", "contact.attributes.tags"] {
        let refused = body(&format!(r#"{{"id": 1, "x": {{{{{slot}}}}}}}"#));
        let Err(e) = refused else {
            panic!("{slot}: {refused:?}");
        };
        assert_eq!(e.field, "body");
        assert_eq!(
            e.message,
            format!(
                "{{{{{slot}}}}} holds a list or an object; an unquoted placeholder takes text, a number, true/false or null. The request was not sent."
            )
        );
    }
    // Quoted, the same value is text and cannot add keys.
    let quoted = ready(body(r#"{"x": "{{contact.attributes.extra}}"}"#));
    assert_eq!(quoted.body, Some(json!({"x": "{\"admin\":true}"})));
}

fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{prefix}.{k}");
                out.insert(path.clone());
                key_paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                key_paths(v, &format!("{prefix}[{i}]"), out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the values and whatever filters stand in the placeholders, the request keeps its
    /// scheme, host, port, number of path segments, set of query keys and set of JSON keys:
    /// escaping by slot runs after the filters.
    #[test]
    fn substituted_values_never_change_the_requests_structure(
        phone in any::<String>(),
        name in "[^\r\n\u{0}]*",
        attribute in any::<String>(),
        on_phone in filters(),
        on_code in filters(),
    ) {
        let mut v = VariableValues::new();
        v.set(Variable::ContactPhoneNumber, json!(phone))
            .set(Variable::ContactName, json!(name))
            .set(Variable::ContactId, json!(7))
            .set_attribute("code", json!(attribute));
        let p = format!("{{{{contact.phone_number{on_phone}}}}}");
        let c = format!("{{{{contact.custom_attributes['code']{on_code}}}}}");
        let query = vec![("q".to_string(), c.clone())];
        let headers = vec![("X-Name".to_string(), "{{contact.name | trim}}".to_string())];
        let url = format!("https://api.example.com:8443/v1/{p}/x{c}?phone={p}&id={{{{contact.id}}}}");
        let body = format!(r#"{{"who": "{p}", "id": {{{{contact.id}}}}, "n": [{p}, {{"a": "{c}"}}]}}"#);
        let template = RequestTemplate {
            url: &url,
            headers: &headers,
            query: &query,
            body: Some(&body),
        };
        let value_of = |t: &str| Expression::parse(t.trim_matches(['{', '}'])).expect("parses").text(&v);
        let (expected_phone, expected_code) = (value_of(&p), value_of(&c));
        let prepared = resolve(&template, &v);
        let Ok(Prepared::Ready(r)) = prepared else {
            // Only a URL variable without a value (after its filters) may skip, only a dot
            // segment is refused, and an unquoted slot refuses nothing here (its value is text).
            prop_assert!(
                expected_code.is_none()
                    || matches!(expected_phone.as_deref(), None | Some(".") | Some("..")),
                "{prepared:?}"
            );
            return Ok(());
        };
        let url = url::Url::parse(&r.url).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(url.scheme(), "https");
        prop_assert_eq!(url.host_str(), Some("api.example.com"));
        prop_assert_eq!(url.port(), Some(8443));
        prop_assert_eq!(url.path_segments().map(Iterator::count), Some(3));
        prop_assert_eq!(url.fragment(), None);
        let keys: BTreeSet<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        prop_assert_eq!(keys, BTreeSet::from(["phone".to_string(), "id".into(), "q".into()]));
        let decoded: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        prop_assert!(decoded.contains(&("phone".to_string(), expected_phone.unwrap_or_default())));
        let mut body_keys = BTreeSet::new();
        key_paths(r.body.as_ref().unwrap_or(&Value::Null), "", &mut body_keys);
        let expected: BTreeSet<String> = [".who", ".id", ".n", ".n[1].a"].iter().map(|s| s.to_string()).collect();
        prop_assert_eq!(body_keys, expected);
    }
}

/// Up to three filters, with a default holding the characters that structure URLs and JSON.
fn filters() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(" | lower"),
            Just(" | upper"),
            Just(" | trim"),
            Just(" | urlencode"),
            Just(" | default: \"d/?#&\\\"x\""),
        ],
        0..3,
    )
    .prop_map(|f| f.concat())
}

#[test]
fn used_variables_are_listed_once_in_order_and_a_get_body_does_not_count() {
    let mut i = input("https://crm.example.com/c/{{contact.email}}?id={{contact.id}}");
    i.headers.push(HeaderEntry {
        name: "X-Inbox".into(),
        value: "{{inbox.name}} {{contact.email}}".into(),
        secret: false,
    });
    i.body = Some(r#"{"s": "{{conversation.subject}}"}"#.into());
    assert_eq!(
        i.used_variables(),
        ["contact.email", "contact.id", "inbox.name"]
    );
    i.method = HttpMethod::Post;
    assert_eq!(
        i.used_variables(),
        [
            "contact.email",
            "contact.id",
            "inbox.name",
            "conversation.subject"
        ]
    );
}

/// Any JSON value: scalars, and lists and objects of them a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,5}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever JSON value a variable holds, the body keeps its keys and its list lengths:
    /// quoted, the value is text; unquoted, a scalar is inserted as it is, and a list or an
    /// object stops the request with a body error.
    #[test]
    fn any_json_value_keeps_the_bodys_shape_or_stops_the_request(value in json_value()) {
        let mut v = VariableValues::new();
        v.set_attribute("x", value.clone());
        let template = RequestTemplate {
            url: "https://api.example.com/x",
            headers: &[],
            query: &[],
            body: Some(r#"{"a": {{contact.attributes.x}}, "b": "{{contact.attributes.x}}", "c": [{{contact.attributes.x}}]}"#),
        };
        let compound = matches!(value, Value::Array(_) | Value::Object(_));
        match resolve(&template, &v) {
            Ok(Prepared::Ready(r)) => {
                prop_assert!(!compound, "{value} was inserted unquoted");
                let body = r.body.unwrap_or(Value::Null);
                let mut keys = BTreeSet::new();
                key_paths(&body, "", &mut keys);
                let expected: BTreeSet<String> =
                    [".a", ".b", ".c"].iter().map(|s| s.to_string()).collect();
                prop_assert_eq!(keys, expected);
                prop_assert_eq!(body["c"].as_array().map(Vec::len), Some(1));
                prop_assert!(body["b"].is_string());
            }
            Ok(Prepared::Skipped { reason }) => prop_assert!(false, "skipped: {reason}"),
            Err(e) => {
                prop_assert!(compound, "{value}: {}", e.message);
                prop_assert_eq!(e.field, "body");
            }
        }
    }
}

#[test]
fn a_secret_is_bound_to_the_origin_scheme_host_and_port() {
    use super::view::origin_of;
    assert_eq!(
        origin_of("https://API.example.com:443/v1/{{contact.email}}?x=1"),
        Some("https://api.example.com".into())
    );
    assert_eq!(
        origin_of("https://api.example.com/v2"),
        origin_of("https://api.example.com:443/other")
    );
    assert_ne!(
        origin_of("https://api.example.com/v1"),
        origin_of("https://api.example.com:8443/v1")
    );
    assert_ne!(
        origin_of("https://api.example.com/v1"),
        origin_of("http://api.example.com/v1")
    );
    assert_eq!(origin_of("ftp://x/y"), None);
}

#[test]
fn a_placeholders_own_ampersand_is_not_a_query_parameter_to_mask() {
    use super::view::mask_url_credentials;
    let url = r#"https://x.example/v1?q={{contact.name | default: "a&api_key=1"}}&token=sk_live_99999999"#;
    let (masked, any) = mask_url_credentials(url);
    assert!(any);
    assert!(
        masked.contains(r#"{{contact.name | default: "a&api_key=1"}}"#),
        "{masked}"
    );
    assert!(!masked.contains("sk_live_99999999"), "{masked}");
}

#[test]
fn credentials_inline_in_a_url_are_masked_and_placeholders_are_not() {
    use super::view::{is_masked, mask_url_credentials};
    let (masked, any) = mask_url_credentials(
        "https://x.example/v1?api_key=sk_live_123456789&email={{contact.email}}#top",
    );
    assert!(any);
    assert!(!masked.contains("sk_live_123456789"), "{masked}");
    assert!(masked.contains("email={{contact.email}}") && masked.ends_with("#top"));
    let value = masked.split("api_key=").nth(1).unwrap_or_default();
    assert!(is_masked(value), "{masked}");
    assert_eq!(
        mask_url_credentials("https://x.example/v1?token={{contact.token}}"),
        ("https://x.example/v1?token={{contact.token}}".into(), false)
    );
    assert_eq!(
        mask_url_credentials("https://x.example/v1"),
        ("https://x.example/v1".into(), false)
    );
}

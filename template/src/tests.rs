//! Whole-crate behaviour: presets against the reference example, auto layout, hiding empty
//! sections, validation messages, and properties that must hold for any data and template.

use crate::format::{BadgeColor, Format, Inline};
use crate::html::to_html;
use crate::render::{Body, RenderContext, render, render_result};
use crate::spec::{Action, ActionStyle, Field, Section, SectionBody, Template};
use crate::{presets, validate};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};

fn ctx() -> RenderContext {
    RenderContext {
        now: DateTime::parse_from_rfc3339("2024-02-01T12:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default(),
    }
}

/// The worked example's API response.
fn example() -> Value {
    json!({
        "customer_id": 12345,
        "email": "john@example.com",
        "subscription": {"plan": "Premium", "status": "active", "renewal_date": "2024-06-15"},
        "support_tier": "Priority",
        "last_purchase": "2024-01-15T10:30:00Z",
        "lifetime_value": 2850.00,
        "tags": ["vip", "beta-user"]
    })
}

fn orders() -> Value {
    json!({"orders": [
        {"id": 12345, "status": "completed", "amount": "$450.00", "order_url": "https://orders.example.com/12345"},
        {"id": 12346, "status": "in_progress", "amount": "$750.00", "order_url": "https://orders.example.com/12346"}
    ]})
}

#[test]
fn the_customer_overview_shows_what_the_worked_example_shows() {
    let html = to_html(&render(&presets::customer_overview(), &example(), &ctx()));
    for expected in [
        "12345",
        "Priority",
        "Premium",
        "Active",
        "$2,850.00",
        "Jan 15, 2024",
        "View Profile",
        "Billing Portal",
    ] {
        assert!(html.contains(expected), "{expected} missing from {html}");
    }
    insta::assert_snapshot!("customer_overview", html);
}

#[test]
fn the_order_history_shows_each_order_with_its_link() {
    let html = to_html(&render(&presets::order_history(), &orders(), &ctx()));
    assert!(html.contains(
        r#"href="https://orders.example.com/12346" target="_blank" rel="noopener noreferrer""#
    ));
    assert!(html.contains("In progress"));
    insta::assert_snapshot!("order_history", html);
}

#[test]
fn sections_without_values_and_failed_conditions_are_left_out() {
    let rendered = render(
        &presets::customer_overview(),
        &json!({"support_tier": "Gold"}),
        &ctx(),
    );
    let titles: Vec<Option<&str>> = rendered.iter().map(|r| r.title.as_deref()).collect();
    assert_eq!(
        titles,
        [Some("Customer Information")],
        "no empty financials, no buttons, no stray separator"
    );
    assert!(render(&presets::ticket_list(), &json!({"tickets": []}), &ctx()).is_empty());
}

#[test]
fn data_without_a_template_is_laid_out_automatically_never_as_raw_json() {
    let rendered = render_result(None, &example(), &ctx());
    let html = to_html(&rendered);
    assert!(html.contains("<dt>Customer ID</dt>"), "{html}");
    assert!(html.contains("<h3>Subscription</h3>"));
    assert!(
        html.contains("Jun 15, 2024"),
        "dates are recognised: {html}"
    );
    assert!(html.contains(r#"<span class="badge badge-grey">beta-user</span>"#));
    assert!(!html.contains('{'), "no JSON: {html}");
    let list = to_html(&render_result(None, &orders(), &ctx()));
    assert!(list.contains("<h3>Orders</h3><ul><li>"), "{list}");
    let text = render_result(None, &json!("VIP since 2019 <b>"), &ctx());
    assert!(matches!(&text[0].body, Body::Preformatted { text } if text == "VIP since 2019 <b>"));
    assert_eq!(
        to_html(&text),
        "<section><pre>VIP since 2019 &lt;b&gt;</pre></section>"
    );
}

#[test]
fn repeating_sections_show_the_first_items_and_count_the_rest() {
    let template = Template {
        sections: vec![Section::new(SectionBody::Repeating {
            path: "items".into(),
            fields: vec![Field::new("N", "n", Format::Number)],
            show_first: 2,
        })],
        ..Template::default()
    };
    let data = json!({"items": (0..7).map(|n| json!({"n": n * 1000})).collect::<Vec<_>>()});
    let html = to_html(&render(&template, &data, &ctx()));
    assert_eq!(html.matches("<li>").count(), 2);
    assert!(html.contains("Show 5 more"));
    assert!(html.contains("1,000"));
}

#[test]
fn validation_names_the_path_of_every_problem() {
    let raw = json!({"sections": [
        {"type": "carousel"},
        {"type": "key_value", "fields": [{"label": "A", "path": "a", "format": "money"}]}
    ]});
    let problems = validate(&raw).expect_err("unknown names");
    assert_eq!(
        problems.get("sections.0.type").map(String::as_str),
        Some("Unknown section type `carousel`.")
    );
    assert_eq!(
        problems
            .get("sections.1.fields.0.format")
            .map(String::as_str),
        Some("Unknown format `money`.")
    );

    let raw = json!({"sections": [
        {"type": "table", "path": "orders[", "columns": [{"label": "x".repeat(101), "path": "id"}]},
        {"type": "group", "sections": [{"type": "group", "sections": []}]}
    ]});
    let problems = validate(&raw).expect_err("bad paths");
    assert!(problems.contains_key("sections.0.path"), "{problems:?}");
    assert!(problems.contains_key("sections.0.columns.0.label"));
    assert!(problems.contains_key("sections.1.sections.0"));
    let many =
        json!({"sections": (0..101).map(|_| json!({"type": "separator"})).collect::<Vec<_>>()});
    assert!(
        validate(&many)
            .expect_err("too many")
            .contains_key("sections")
    );
    for p in presets::all() {
        let raw = serde_json::to_value(&p.template).expect("json");
        assert_eq!(
            validate(&raw).as_ref(),
            Ok(&p.template),
            "{} round-trips",
            p.name
        );
    }
}

#[test]
fn a_badge_stands_beside_a_value_and_only_when_its_path_has_one() {
    let raw = json!({"sections": [{"type": "key_value", "fields": [
        {"label": "Customer ID", "path": "customer_id", "badge": "tier", "colors": {"Gold": "amber"}},
        {"label": "Plan", "path": "plan", "badge": "missing.path"}
    ]}]});
    let template = validate(&raw).expect("a badge path is a path");
    let data = json!({"customer_id": 12345, "tier": "Gold", "plan": "Premium"});
    let rendered = render_result(Some(&template), &data, &ctx());
    let Some(Body::KeyValue { rows }) = rendered.first().map(|r| r.body.clone()) else {
        panic!("a key-value section: {rendered:?}");
    };
    assert_eq!(
        rows[0].value,
        vec![
            Inline::text("12345"),
            Inline::Badge {
                text: "Gold".into(),
                color: BadgeColor::Amber
            }
        ]
    );
    assert_eq!(
        rows[1].value,
        vec![Inline::text("Premium")],
        "no value, no badge"
    );
    let html = to_html(&rendered);
    assert!(html.contains(">Gold<"), "{html}");
    let bad = json!({"sections": [{"type": "key_value", "fields": [
        {"label": "A", "path": "a", "badge": "orders["}
    ]}]});
    assert!(
        validate(&bad)
            .expect_err("a bad path")
            .contains_key("sections.0.fields.0.badge")
    );
}

#[test]
fn display_placeholders_are_paths_and_the_requests_filters_are_refused_by_name() {
    let raw = json!({"sections": [
        {"type": "text", "text": "Hi {{customer.name}}, plan {{plan | upper}}"},
        {"type": "links", "links": [{"label": "Open {{id}}", "url": "https://crm.example.com/{{id | urlencode}}"}]},
        {"type": "key_value", "title": "{{a b}}", "fields": []}
    ]});
    let problems = validate(&raw).expect_err("filters are not display syntax");
    assert_eq!(
        problems.get("sections.0.text").map(String::as_str),
        Some(
            "`{{plan | upper}}`: filters such as `| upper` work in the integration's request, not in display templates; write a path into the answer, like {{customer.name}}."
        )
    );
    assert!(
        problems.contains_key("sections.1.links.0.url"),
        "{problems:?}"
    );
    assert!(!problems.contains_key("sections.1.links.0.label"));
    assert!(
        problems.contains_key("sections.2.title"),
        "a path cannot hold a space"
    );
}

#[test]
fn unsafe_urls_in_buttons_render_as_text() {
    let template = Template {
        sections: vec![Section::new(SectionBody::Buttons {
            buttons: vec![Action {
                label: "Open {{name}}".into(),
                url: "{{link}}".into(),
                style: ActionStyle::Primary,
                condition: None,
            }],
        })],
        ..Template::default()
    };
    let html = to_html(&render(
        &template,
        &json!({"name": "<img src=x onerror=alert(1)>", "link": "javascript:alert(1)"}),
        &ctx(),
    ));
    assert_eq!(
        html,
        r#"<section><p><span class="button button-primary">Open &lt;img src=x onerror=alert(1)&gt;</span></p></section>"#
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
        prop_oneof![
            Just("javascript:alert(1)"),
            Just(" JaVaScRiPt:alert(1)"),
            Just("java\tscript:x"),
            Just("data:text/html,<script>alert(1)</script>"),
            Just("\"><img src=x onerror=alert(1)>"),
            Just("2024-01-15T10:30:00Z"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn any_format() -> impl Strategy<Value = Format> {
    proptest::sample::select(Format::ALL.to_vec())
}

fn field() -> impl Strategy<Value = Field> {
    ("[a-z_.\\[\\]0-9]{0,12}", ".{0,10}", any_format())
        .prop_map(|(path, label, format)| Field::new(&label, &path, format))
}

fn template_strategy() -> impl Strategy<Value = Template> {
    let section = prop_oneof![
        proptest::collection::vec(field(), 0..4)
            .prop_map(|fields| Section::new(SectionBody::KeyValue { fields })),
        proptest::collection::vec(field(), 0..4)
            .prop_map(|fields| Section::new(SectionBody::Badges { fields })),
        (".{0,12}", proptest::collection::vec(field(), 0..3))
            .prop_map(|(path, columns)| Section::new(SectionBody::Table { path, columns })),
        (".{0,12}", proptest::collection::vec(field(), 0..3), 0u32..4).prop_map(
            |(path, fields, show_first)| Section::new(SectionBody::Repeating {
                path,
                fields,
                show_first
            })
        ),
        (".{0,20}", ".{0,20}").prop_map(|(label, url)| Section::new(SectionBody::Links {
            links: vec![Action {
                label,
                url,
                style: ActionStyle::Secondary,
                condition: None
            }]
        })),
        ".{0,30}".prop_map(|text| Section::new(SectionBody::Text {
            text,
            heading: false
        })),
        Just(Section::new(SectionBody::Separator)),
    ];
    proptest::collection::vec(section, 0..6).prop_map(|sections| Template {
        sections,
        ..Template::default()
    })
}

/// The names of every attribute inside the tags of `html` (quoted values skipped).
fn attribute_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    let (mut in_tag, mut in_quotes, mut name, mut after_space) =
        (false, false, String::new(), false);
    for c in html.chars() {
        match (in_tag, in_quotes, c) {
            (false, _, '<') => in_tag = true,
            (true, false, '>') => {
                in_tag = false;
                name.clear();
            }
            (true, _, '"') => in_quotes = !in_quotes,
            (true, false, ' ') => {
                after_space = true;
                name.clear();
            }
            (true, false, '=') if after_space => {
                names.push(std::mem::take(&mut name));
                after_space = false;
            }
            (true, false, c) if after_space => name.push(c),
            _ => {}
        }
    }
    names
}

/// Every `href` value in `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_template_and_data_render_to_safe_html(template in template_strategy(), data in json_value()) {
        let html = to_html(&render(&template, &data, &ctx()));
        let auto = to_html(&render_result(None, &data, &ctx()));
        for out in [&html, &auto] {
            // Every tag in the output is one the renderer writes; data can add none.
            let mut rest = out.as_str();
            while let Some(i) = rest.find('<') {
                let tag: String = rest[i + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
                let known = ["section", "/section", "h3", "/h3", "h4", "/h4", "p", "/p", "dl", "/dl", "div", "/div", "dt", "/dt", "dd", "/dd", "span", "/span", "a", "/a", "table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "ul", "/ul", "li", "/li", "hr", "pre", "/pre"];
                prop_assert!(known.contains(&tag.as_str()), "unexpected <{tag} in {out}");
                rest = &rest[i + 1..];
            }
            for name in attribute_names(out) {
                prop_assert!(["class", "href", "target", "rel"].contains(&name.as_str()), "attribute {name} in {out}");
            }
            for href in hrefs(out) {
                let lower = href.to_ascii_lowercase();
                prop_assert!(
                    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") || lower.starts_with("tel:"),
                    "unsafe href {href}"
                );
            }
        }
    }
}

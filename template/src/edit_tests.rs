use super::*;
use crate::format::Format;
use crate::presets::customer_overview;
use crate::spec::SectionKind;
use proptest::prelude::*;
use serde_json::json;

fn kinds(t: &Template) -> Vec<&'static str> {
    t.sections.iter().map(|s| s.body.kind().as_str()).collect()
}

fn titled(kinds: &[&str]) -> Template {
    Template {
        sections: kinds
            .iter()
            .enumerate()
            .map(|(i, k)| blank(k.parse().expect("known kind")).titled(&format!("s{i}")))
            .collect(),
        ..Template::default()
    }
}

fn titles(sections: &[Section]) -> Vec<String> {
    sections
        .iter()
        .map(|s| s.title.clone().unwrap_or_default())
        .collect()
}

#[test]
fn every_section_kind_makes_a_blank_section_that_passes_validation() {
    for &kind in SectionKind::ALL {
        let s = blank(kind);
        assert_eq!(s.body.kind(), kind);
        let t = Template {
            sections: vec![s],
            ..Template::default()
        };
        let raw = serde_json::to_value(&t).expect("serialises");
        assert!(crate::validate(&raw).is_ok(), "{kind}: {raw}");
    }
    assert!("carousel".parse::<SectionKind>().is_err());
}

#[test]
fn sections_are_inserted_before_the_drop_position() {
    let mut t = titled(&["text", "separator"]);
    assert!(insert_section(&mut t, &[], 1, blank(SectionKind::Table)));
    assert_eq!(kinds(&t), ["text", "table", "separator"]);
    assert!(insert_section(&mut t, &[], 99, blank(SectionKind::Badges)));
    assert_eq!(kinds(&t), ["text", "table", "separator", "badges"]);
}

#[test]
fn dragging_a_section_down_lands_where_it_was_dropped() {
    let mut t = titled(&["text", "table", "separator", "badges"]);
    // Dropped on the gap before "badges" (index 3): it ends up just above it.
    assert!(move_section(&mut t, &[0], &[], 3));
    assert_eq!(titles(&t.sections), ["s1", "s2", "s0", "s3"]);
    assert!(move_section(&mut t, &[3], &[], 0));
    assert_eq!(titles(&t.sections), ["s3", "s1", "s2", "s0"]);
    // Onto its own gaps: nothing moves.
    assert!(move_section(&mut t, &[1], &[], 1));
    assert!(move_section(&mut t, &[1], &[], 2));
    assert_eq!(titles(&t.sections), ["s3", "s1", "s2", "s0"]);
}

#[test]
fn sections_move_into_and_out_of_groups_but_groups_never_nest() {
    let mut t = titled(&["text", "group", "table"]);
    // "text" (before the group) into the group: the group's index shifts as "text" leaves.
    assert!(move_section(&mut t, &[0], &[1], 0));
    assert_eq!(kinds(&t), ["group", "table"]);
    assert_eq!(titles(&t.sections), ["s1", "s2"]);
    assert!(move_section(&mut t, &[1], &[0], 1));
    let inner = match &t.sections[0].body {
        SectionBody::Group { sections } => titles(sections),
        other => panic!("{other:?}"),
    };
    assert_eq!(inner, ["s0", "s2"]);
    // Out again, to the end of the top.
    assert!(move_section(&mut t, &[0, 0], &[], 1));
    assert_eq!(titles(&t.sections), ["s1", "s0"]);

    let before = t.clone();
    assert!(!insert_section(&mut t, &[0], 0, blank(SectionKind::Group)));
    t.sections.push(blank(SectionKind::Group));
    let before_move = t.clone();
    assert!(!move_section(&mut t, &[2], &[0], 0));
    assert_eq!(t, before_move, "a refused move changes nothing");
    assert!(!move_section(&mut t, &[1], &[1], 0), "not a group");
    assert_eq!(t.sections[..2], before.sections[..]);
}

#[test]
fn up_and_down_buttons_swap_neighbours_and_stop_at_the_ends() {
    let mut t = titled(&["text", "table", "separator"]);
    assert!(shift_section(&mut t, &[1], true));
    assert_eq!(titles(&t.sections), ["s1", "s0", "s2"]);
    assert!(!shift_section(&mut t, &[0], true));
    assert!(!shift_section(&mut t, &[2], false));
    assert!(shift_section(&mut t, &[0], false));
    assert_eq!(titles(&t.sections), ["s0", "s1", "s2"]);
    assert_eq!(
        remove_section(&mut t, &[1]).and_then(|s| s.title),
        Some("s1".into())
    );
    assert!(remove_section(&mut t, &[5]).is_none());
    assert_eq!(titles(&t.sections), ["s0", "s2"]);
}

#[test]
fn a_dropped_path_becomes_a_labelled_field_formatted_for_its_value() {
    let sample = json!({
        "customer_id": "CUST-12345",
        "lifetime_value": 2850,
        "last_purchase": "2024-01-15",
        "subscription": {"plan": "Premium", "status": "active"},
        "contact_email": "jane@example.com",
        "orders": [{"id": "ORD-1", "amount": 450.5, "status": "paid"}],
        "tags": ["vip", "beta-user"]
    });
    let kv = blank(SectionKind::KeyValue);
    let cases = [
        ("customer_id", "Customer ID", Format::Text),
        ("lifetime_value", "Lifetime value", Format::Currency),
        ("last_purchase", "Last purchase", Format::Date),
        ("subscription.status", "Status", Format::Status),
        ("contact_email", "Contact email", Format::Email),
        ("tags", "Tags", Format::List),
        ("missing.path", "Path", Format::Text),
    ];
    for (path, label, format) in cases {
        let f = field_for(&kv, path, &sample);
        assert_eq!(
            (f.label.as_str(), f.path.as_str(), f.format),
            (label, path, format)
        );
    }
    let mut orders = blank(SectionKind::Repeating);
    if let SectionBody::Repeating { path, .. } = &mut orders.body {
        *path = "orders".into();
    }
    let f = field_for(&orders, "orders[0].amount", &sample);
    assert_eq!(
        (f.label.as_str(), f.path.as_str(), f.format),
        ("Amount", "amount", Format::Currency)
    );
    assert_eq!(paths_for(&orders, &sample), ["amount", "id", "status"]);
    assert_eq!(array_paths(&sample), ["orders", "tags"]);
}

#[test]
fn relative_paths_strip_only_the_array_itself() {
    assert_eq!(relative_path("orders", "orders[0].id"), "id");
    assert_eq!(
        relative_path("orders", "orders[7].items[0].sku"),
        "items[0].sku"
    );
    assert_eq!(relative_path("order", "orders[0].id"), "orders[0].id");
    assert_eq!(relative_path("", "[0].name"), "name");
    assert_eq!(relative_path("orders", "status"), "status");
}

#[test]
fn shape_ignores_texts_but_sees_structure() {
    let mut t = customer_overview();
    let before = shape(&t);
    if let Some(s) = section_mut(&mut t, &[0]) {
        s.title = Some("Renamed".into());
        if let Some(f) = fields_mut(s) {
            f[0].label = "Another".into();
        }
    }
    assert_eq!(shape(&t), before);
    if let Some(f) = section_mut(&mut t, &[0]).and_then(fields_mut) {
        f.pop();
    }
    assert_ne!(shape(&t), before);
    assert_eq!(shape(&t)[0].items, 3);
}

proptest! {
    /// Any sequence of drops keeps every section exactly once (nothing lost or duplicated).
    #[test]
    fn moves_never_lose_or_duplicate_sections(moves in prop::collection::vec((0usize..6, 0usize..7), 0..20)) {
        let mut t = titled(&["text", "table", "separator", "badges", "links", "buttons"]);
        for (from, to) in moves {
            prop_assert!(move_section(&mut t, &[from], &[], to));
        }
        let mut seen = titles(&t.sections);
        seen.sort();
        prop_assert_eq!(seen, ["s0", "s1", "s2", "s3", "s4", "s5"]);
    }

    #[test]
    fn move_within_keeps_every_item(len in 1usize..8, from in 0usize..8, to in 0usize..9) {
        let mut list: Vec<usize> = (0..len).collect();
        let moved = move_within(&mut list, from, to);
        prop_assert_eq!(moved, from < len);
        let mut sorted = list.clone();
        sorted.sort();
        prop_assert_eq!(sorted, (0..len).collect::<Vec<_>>());
    }
}

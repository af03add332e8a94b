//! The demo CRM's answers, as pure data: one customer per demo contact in the worked example's
//! shape (customer id, subscription, support tier, lifetime value, last purchase, tags), their
//! orders in the worked example's order-history shape, and "Customer not found" for Olivia Brown
//! and any email it does not know, so the failed card can be seen too. The server serves it under
//! `/demo/crm/`; every figure is derived from the contact's place in the one list of demo
//! contacts, so the seeded contacts and the CRM always agree.

use super::contacts::CONTACTS;
use serde_json::{Value, json};

/// The bearer token the demo CRM wants (stored as the demo integration's secret header). It
/// guards nothing real: the CRM's data is invented.
pub const TOKEN: &str = "demo-crm-token";

/// The demo contact the CRM does not know (its card shows the 404 explanation).
pub const UNKNOWN_CUSTOMER_EMAIL: &str = "olivia.brown@gmail.example";

/// What the CRM answers for one customer lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// 200 with the customer.
    Found(Value),
    /// 404 with `{"error": "Customer not found"}`.
    NotFound,
}

/// The 404 body, in the worked example's words.
pub fn not_found_body() -> Value {
    json!({ "error": "Customer not found" })
}

/// The customer with `email` (compared without case).
pub fn customer(email: &str) -> Lookup {
    find(email).map_or(Lookup::NotFound, |(i, contact)| {
        Lookup::Found(record(i, contact))
    })
}

/// The orders of the customer with `email`: `{"orders": [...]}`, newest first.
pub fn orders(email: &str) -> Lookup {
    find(email).map_or(Lookup::NotFound, |(i, _)| {
        Lookup::Found(json!({ "orders": order_list(i) }))
    })
}

type Contact = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The demo contact with `email` and its place in the list, unless it is the unknown customer.
fn find(email: &str) -> Option<(usize, &'static Contact)> {
    let wanted = email.trim().to_ascii_lowercase();
    if wanted == UNKNOWN_CUSTOMER_EMAIL {
        return None;
    }
    CONTACTS
        .iter()
        .enumerate()
        .find(|(_, (_, e, ..))| e.eq_ignore_ascii_case(&wanted))
}

/// One to four orders, varied by the customer's place in the list.
fn order_list(i: usize) -> Vec<Value> {
    let n = i as u64;
    (0..(n % 4 + 1))
        .map(|k| {
            let id = 48_000 + n * 10 + k;
            let status =
                ["completed", "in_progress", "refunded", "completed"][((n + k) % 4) as usize];
            json!({
                "id": id,
                "status": status,
                "amount": format!("${}.00", 90 + (n * 37 + k * 55) % 900),
                "order_url": format!("https://orders.example.com/{id}"),
            })
        })
        .collect()
}

fn record(i: usize, (name, email, _, company, plan): &Contact) -> Value {
    let n = i as u64;
    let plan_name = match *plan {
        "enterprise" => "Enterprise",
        "pro" => "Premium",
        "starter" => "Starter",
        _ => "Free",
    };
    let status = match (*plan, i % 7) {
        ("free", _) => "trialing",
        (_, 5) => "past_due",
        _ => "active",
    };
    let tier = if *plan == "enterprise" {
        "Priority"
    } else {
        "Standard"
    };
    let mut tags = vec![*plan];
    if i.is_multiple_of(4) {
        tags.extend(["vip", "beta-user"]);
    }
    json!({
        "customer_id": 12_345 + n,
        "email": email,
        "name": name,
        "company": if company.is_empty() { Value::Null } else { json!(company) },
        "subscription": {
            "plan": plan_name,
            "status": status,
            "renewal_date": format!("2027-{:02}-15", n % 12 + 1),
        },
        "support_tier": tier,
        "last_purchase": format!("2026-{:02}-{:02}T10:30:00Z", n % 11 + 1, n % 27 + 1),
        // The same figure the contact's own `lifetime_value` attribute holds.
        "lifetime_value": ((n * 733) % 9000 + 120) as f64 + 0.5,
        "tags": tags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_contact_but_one_is_a_customer_with_orders_and_the_one_is_not_found() {
        let mut found = 0;
        for (name, email, ..) in CONTACTS {
            match (customer(&email.to_uppercase()), orders(email)) {
                (Lookup::Found(c), Lookup::Found(o)) => {
                    found += 1;
                    assert_eq!(c["name"], *name);
                    assert!(c["subscription"]["plan"].is_string());
                    let list = o["orders"].as_array().cloned().unwrap_or_default();
                    assert!((1..=4).contains(&list.len()), "{o}");
                    assert!(
                        list.iter()
                            .all(|x| x["amount"].is_string() && x["id"].is_u64())
                    );
                }
                (Lookup::NotFound, Lookup::NotFound) => {
                    assert_eq!(*email, UNKNOWN_CUSTOMER_EMAIL)
                }
                other => panic!("{email}: the customer and their orders disagree: {other:?}"),
            }
        }
        assert_eq!(found, CONTACTS.len() - 1);
        assert_eq!(customer("nobody@else.example"), Lookup::NotFound);
        assert_eq!(orders("nobody@else.example"), Lookup::NotFound);
    }

    #[test]
    fn the_demo_customers_vary_in_tier_plan_and_status() {
        let found: Vec<Value> = CONTACTS
            .iter()
            .filter_map(|(_, e, ..)| match customer(e) {
                Lookup::Found(c) => Some(c),
                Lookup::NotFound => None,
            })
            .collect();
        let distinct = |key: &dyn Fn(&Value) -> String| {
            let mut all: Vec<String> = found.iter().map(key).collect();
            all.sort();
            all.dedup();
            all.len()
        };
        assert!(distinct(&|c| c["support_tier"].to_string()) >= 2);
        assert!(distinct(&|c| c["subscription"]["plan"].to_string()) >= 3);
        assert!(distinct(&|c| c["subscription"]["status"].to_string()) >= 3);
    }
}

//! Template rendering speed: a 1,000-item repeating section (target ≤ 5 ms) and the "Customer
//! overview" preset against the worked example (target ≤ 50 µs). Run with `make bench`.

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;
use template::format::Format;
use template::render::{RenderContext, render};
use template::spec::{Field, Section, SectionBody, Template};

fn ctx() -> RenderContext {
    RenderContext {
        now: DateTime::parse_from_rfc3339("2024-02-01T12:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default(),
    }
}

fn thousand_orders() -> Value {
    let orders: Vec<Value> = (0..1000)
        .map(|i| {
            let status = ["completed", "in_progress", "cancelled"][i % 3];
            json!({
                "id": 10_000 + i,
                "status": status,
                "amount": 45.5 * f64::from(u32::try_from(i).unwrap_or(0)),
                "placed_at": "2024-01-15T10:30:00Z",
                "order_url": format!("https://orders.example.com/{i}")
            })
        })
        .collect();
    json!({ "orders": orders })
}

fn repeating() -> Template {
    Template {
        sections: vec![Section::new(SectionBody::Repeating {
            path: "orders".into(),
            fields: vec![
                Field::new("Order ID", "id", Format::Text),
                Field::new("Status", "status", Format::Status),
                Field::new("Amount", "amount", Format::Currency),
                Field::new("Placed", "placed_at", Format::Date),
                Field::new("View Order", "order_url", Format::Link),
            ],
            show_first: 1000,
        })],
        ..Template::default()
    }
}

fn benches(c: &mut Criterion) {
    let data = thousand_orders();
    let template = repeating();
    c.bench_function("repeating section, 1,000 items (target <= 5 ms)", |b| {
        b.iter(|| render(black_box(&template), black_box(&data), &ctx()))
    });
    let example = json!({
        "customer_id": 12345,
        "email": "john@example.com",
        "subscription": {"plan": "Premium", "status": "active", "renewal_date": "2024-06-15"},
        "support_tier": "Priority",
        "last_purchase": "2024-01-15T10:30:00Z",
        "lifetime_value": 2850.00,
        "tags": ["vip", "beta-user"]
    });
    let overview = template::presets::customer_overview();
    c.bench_function("Customer overview preset (target <= 50 us)", |b| {
        b.iter(|| render(black_box(&overview), black_box(&example), &ctx()))
    });
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);

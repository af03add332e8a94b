//! Templates to start from: "Customer overview", "Order history", "Ticket list", "Plain text".

use crate::condition::{Condition, Operator};
use crate::format::Format;
use crate::spec::{Action, ActionStyle, Field, Section, SectionBody, Template};

/// A named preset.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Its name in the builder.
    pub name: &'static str,
    /// What it lays out.
    pub template: Template,
}

fn template(sections: Vec<Section>) -> Template {
    Template {
        sections,
        ..Template::default()
    }
}

/// Customer Information (id, support tier, plan and status badges), Financial Summary (lifetime
/// value, last purchase) and Quick Actions (View Profile, Billing Portal), as the worked example
/// shows it.
pub fn customer_overview() -> Template {
    let only_with = |path: &str| Condition {
        path: path.into(),
        op: Operator::Exists,
        value: None,
    };
    template(vec![
        Section::new(SectionBody::KeyValue {
            fields: vec![
                Field::new("Customer ID", "customer_id", Format::Text),
                Field::new("Support Tier", "support_tier", Format::Status),
                Field::new("Plan", "subscription.plan", Format::Status),
                Field::new("Status", "subscription.status", Format::Status),
            ],
        })
        .titled("Customer Information"),
        Section::new(SectionBody::Separator),
        Section::new(SectionBody::KeyValue {
            fields: vec![
                Field::new("Lifetime Value", "lifetime_value", Format::Currency),
                Field::new("Last Purchase", "last_purchase", Format::Date),
            ],
        })
        .titled("Financial Summary"),
        Section {
            condition: Some(only_with("customer_id")),
            ..Section::new(SectionBody::Buttons {
                buttons: vec![
                    Action {
                        label: "View Profile".into(),
                        url: "https://crm.example.com/customers/{{customer_id}}".into(),
                        style: ActionStyle::Primary,
                        condition: None,
                    },
                    Action {
                        label: "Billing Portal".into(),
                        url: "https://billing.example.com/customers/{{customer_id}}".into(),
                        style: ActionStyle::Secondary,
                        condition: None,
                    },
                ],
            })
            .titled("Quick Actions")
        },
    ])
}

/// Orders as item cards: id, status badge, amount, View Order link.
pub fn order_history() -> Template {
    template(vec![
        Section::new(SectionBody::Repeating {
            path: "orders".into(),
            fields: vec![
                Field::new("Order ID", "id", Format::Text),
                Field::new("Status", "status", Format::Status),
                Field::new("Amount", "amount", Format::Currency),
                Field::new("View Order", "order_url", Format::Link),
            ],
            show_first: 5,
        })
        .titled("Order History"),
    ])
}

/// Tickets as a table: subject, status, updated.
pub fn ticket_list() -> Template {
    template(vec![
        Section::new(SectionBody::Table {
            path: "tickets".into(),
            columns: vec![
                Field::new("Ticket", "id", Format::Text),
                Field::new("Subject", "subject", Format::Text),
                Field::new("Status", "status", Format::Status),
                Field::new("Updated", "updated_at", Format::RelativeTime),
            ],
        })
        .titled("Recent Tickets"),
    ])
}

/// The answer's `text` (or `message`) as a paragraph.
pub fn plain_text() -> Template {
    template(vec![
        Section::new(SectionBody::Text {
            text: "{{text}}".into(),
            heading: false,
        }),
        Section::new(SectionBody::Text {
            text: "{{message}}".into(),
            heading: false,
        }),
    ])
}

/// Every preset, in the builder's order.
pub fn all() -> Vec<Preset> {
    vec![
        Preset {
            name: "Customer overview",
            template: customer_overview(),
        },
        Preset {
            name: "Order history",
            template: order_history(),
        },
        Preset {
            name: "Ticket list",
            template: ticket_list(),
        },
        Preset {
            name: "Plain text",
            template: plain_text(),
        },
    ]
}

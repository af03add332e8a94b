//! The built-in demo integrations, the worked example's: "Customer Data Lookup" (GET
//! `…/customers/{{contact.email}}`, 15 minutes cached, the "Customer overview" template) and
//! "Order History" (its repeating section of orders), attached to the demo inboxes and calling
//! the demo CRM at `http://<this server>/demo/crm/`. They are the only integrations flagged
//! `builtin_demo`, the flag that lets a call reach the server's own address (`outbound::own_demo`);
//! removing them leaves nothing allowed.

use super::crm;
use crate::actor::Actor;
use crate::entities::{inbox_integration, integration};
use crate::error::ServiceResult;
use crate::outbound::own_demo::DEMO_CRM_PATH;
use crate::services::integrations::IntegrationService;
use crate::services::integrations::inbox_links::InboxLinkService;
use crate::state::AppState;
use model::integration::{HeaderEntry, HttpMethod, IntegrationInput};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};
use template::presets;
use template::spec::Template;

/// One built-in demo integration.
pub struct DemoIntegration {
    /// Its name (the worked example's).
    pub name: &'static str,
    /// What it is for.
    pub description: &'static str,
    /// The path after [`DEMO_CRM_PATH`], with its variable.
    pub path: &'static str,
    /// Its display template.
    pub template: fn() -> Template,
}

/// The built-in demo integrations, in the order their cards show.
pub const DEMO_INTEGRATIONS: [DemoIntegration; 2] = [
    DemoIntegration {
        name: "Customer Data Lookup",
        description: "Fetch subscription and support tier from CRM (the built-in demo CRM)",
        path: "customers/{{contact.email}}",
        template: presets::customer_overview,
    },
    DemoIntegration {
        name: "Order History",
        description: "The customer's recent orders (the built-in demo CRM)",
        path: "customers/{{contact.email}}/orders",
        template: presets::order_history,
    },
];

/// Creates the demo integrations for `actor`'s team and attaches them to `inbox_ids`; returns
/// their ids. Without a known own address nothing is created.
pub async fn create(state: &AppState, actor: &Actor, inbox_ids: &[i64]) -> ServiceResult<Vec<i64>> {
    let Some(origin) = state.outbound.own_demo_origin() else {
        return Ok(Vec::new());
    };
    let mut ids = Vec::with_capacity(DEMO_INTEGRATIONS.len());
    for demo in &DEMO_INTEGRATIONS {
        let input = IntegrationInput {
            name: demo.name.into(),
            description: demo.description.into(),
            method: HttpMethod::Get,
            url: format!("{origin}{DEMO_CRM_PATH}{}", demo.path),
            headers: vec![HeaderEntry {
                name: "Authorization".into(),
                value: format!("Bearer {}", crm::TOKEN),
                secret: true,
            }],
            query_params: Vec::new(),
            body: None,
            body_secret: false,
            cache_minutes: 15,
            stale_minutes: model::integration::config::DEFAULT_STALE_MINUTES,
            revalidate: false,
            calls_per_minute: 0,
            breaker_failures: model::integration::config::DEFAULT_BREAKER_FAILURES,
            breaker_cooldown_seconds: model::integration::config::DEFAULT_BREAKER_COOLDOWN_SECONDS,
            timeout_seconds: 10,
            follow_redirects: false,
            is_active: true,
            display_enabled: true,
            run_when_email_known: true,
            run_conditions: Vec::new(),
            skipped_card: Default::default(),
            template: serde_json::to_value((demo.template)()).ok(),
        };
        let created = IntegrationService::insert(state, actor, input, true).await?;
        let id = created.row.id;
        let links: Vec<(i64, Option<bool>)> = inbox_ids.iter().map(|i| (*i, Some(true))).collect();
        InboxLinkService::set_for_integration(&state.db, actor, id, &links).await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Points every demo integration at this server's current address (the port may differ from
/// the one `chatlane demo` was run with), keeping its path. Returns how many changed.
pub async fn repoint(state: &AppState) -> ServiceResult<u64> {
    let Some(origin) = state.outbound.own_demo_origin() else {
        return Ok(0);
    };
    let rows = integration::Entity::find()
        .filter(integration::Column::BuiltinDemo.eq(true))
        .all(&state.db)
        .await?;
    let mut changed = 0;
    for row in rows {
        let Some((old_origin, _, _)) = model::integration::request::split_url(&row.url) else {
            continue;
        };
        if old_origin == origin {
            continue;
        }
        let url = format!("{origin}{}", &row.url[old_origin.len()..]);
        let version = row.version + 1;
        let mut active: integration::ActiveModel = row.into();
        active.url = Set(url);
        active.version = Set(version);
        active.update(&state.db).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Whether any team has the demo integration (the demo CRM answers only then).
pub async fn installed(db: &DatabaseConnection) -> ServiceResult<bool> {
    Ok(integration::Entity::find()
        .filter(integration::Column::BuiltinDemo.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Deletes every demo integration with its inbox links (`chatlane demo --remove`); returns how
/// many there were. Afterwards no call may reach the server's own address.
pub async fn remove(db: &DatabaseConnection) -> ServiceResult<u64> {
    let txn = db.begin().await?;
    let ids: Vec<i64> = integration::Entity::find()
        .filter(integration::Column::BuiltinDemo.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    inbox_integration::Entity::delete_many()
        .filter(inbox_integration::Column::IntegrationId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    let deleted = integration::Entity::delete_many()
        .filter(integration::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(deleted.rows_affected)
}

//! The built-in demo integrations: `chatlane demo` creates "Customer Data Lookup" and "Order
//! History" against the demo CRM on the server's own address, and theirs are the only calls
//! allowed to reach it. Any other integration, path, port, loopback, private or link-local
//! address stays refused, with the demo present and after it is removed.

use crate::support::on_every_database;
use crate::support::upstream;
use backend::actor::Actor;
use backend::demo::{self, integration as demo_integration};
use backend::entities::{contact, conversation, integration};
use backend::services::integrations::IntegrationService;
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use backend::services::teams::TeamService;
use backend::test_support::stub::Stub;
use backend::{AppState, ServiceError};
use model::Role;
use model::integration::RunTrigger;
use model::integration::{IntegrationInput, RunStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::net::SocketAddr;

fn own(up: &Stub) -> SocketAddr {
    up.base()
        .trim_start_matches("http://")
        .parse()
        .expect("the stub's address")
}

/// The demo admin, and Sarah Chen's contact and first conversation.
async fn demo_admin_and_sarah(app: &AppState) -> (Actor, RunRequest) {
    let team = TeamService::find_by_slug(&app.db, demo::TEAM_SLUG)
        .await
        .expect("team")
        .expect("the demo team");
    let admin = TeamService::find_user(&app.db, demo::ADMIN_EMAIL)
        .await
        .expect("user")
        .expect("the demo admin");
    let sarah = contact::Entity::find()
        .filter(contact::Column::Email.eq("sarah.chen@northwind.example"))
        .one(&app.db)
        .await
        .expect("contact")
        .expect("Sarah Chen");
    let first = conversation::Entity::find()
        .filter(conversation::Column::ContactId.eq(sarah.id))
        .one(&app.db)
        .await
        .expect("conversation")
        .expect("a conversation with Sarah");
    let actor = Actor {
        user_id: admin.id,
        team_id: team.id,
        role: Role::Admin,
    };
    let request = RunRequest {
        contact_id: sarah.id,
        conversation_id: Some(first.id),
        inbox_id: None,
        refresh: Refresh::All,
        trigger: RunTrigger::Profile,
    };
    (actor, request)
}

fn url_error(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(ServiceError::Validation(errors)) => errors.get("url").unwrap_or_default().to_string(),
        other => panic!("expected a url error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_demo_cards_fill_from_the_servers_own_crm_and_nothing_else_on_that_address_is_allowed()
{
    on_every_database(async |db| {
        let up = upstream::start().await;
        // No allow list at all: loopback is refused to everything but the demo.
        let app = AppState::for_tests(&db).with_own_demo(own(&up));
        demo::seed(&app).await.expect("seed");
        let (admin, sarah) = demo_admin_and_sarah(&app).await;

        let demo_rows = integration::Entity::find()
            .filter(integration::Column::BuiltinDemo.eq(true))
            .all(&db)
            .await
            .expect("query");
        let named: Vec<(String, String)> = demo_rows
            .iter()
            .map(|r| (r.name.clone(), r.url.clone()))
            .collect();
        assert_eq!(
            named,
            vec![
                (
                    "Customer Data Lookup".to_string(),
                    format!("{}/demo/crm/customers/{{{{contact.email}}}}", up.base())
                ),
                (
                    "Order History".to_string(),
                    format!(
                        "{}/demo/crm/customers/{{{{contact.email}}}}/orders",
                        up.base()
                    )
                ),
            ]
        );
        let demo_row = demo_rows[0].clone();
        let cards = runner::run_all(&app, &admin, sarah).await.expect("run");
        assert_eq!(cards.len(), 2, "{cards:?}");
        for card in &cards {
            assert_eq!(card.status, RunStatus::Ok, "{:?}", card.error);
        }
        let paths: Vec<_> = cards
            .iter()
            .map(|c| c.data.as_ref().map(|d| d["path"].clone()))
            .collect();
        assert_eq!(
            paths,
            vec![
                Some(json!("crm/customers/sarah.chen@northwind.example")),
                Some(json!("crm/customers/sarah.chen@northwind.example/orders")),
            ]
        );
        assert_eq!(
            up.hits("demo/crm/customers/sarah.chen@northwind.example"),
            1
        );
        refuses_every_private_destination(&app, &admin, &up).await;

        // An integration of the admin's own, to the very same URL: refused as not public.
        let own_copy: IntegrationInput = serde_json::from_value(json!({
            "name": "Copy of the demo",
            "url": format!("{}/demo/crm/customers/{{{{contact.email}}}}", up.base()),
        }))
        .expect("input");
        assert!(
            url_error(IntegrationService::create(&app, &admin, own_copy).await)
                .contains("not public")
        );
        // The demo itself may not be pointed elsewhere on this server, nor at another port.
        for elsewhere in [
            format!("{}/customers/{{{{contact.email}}}}", up.base()),
            format!("{}/demo/crmx/{{{{contact.email}}}}", up.base()),
            "http://127.0.0.1:9/demo/crm/customers/{{contact.email}}".to_string(),
            "http://10.0.0.7/demo/crm/customers/{{contact.email}}".to_string(),
        ] {
            let open = IntegrationService::find(&app, &admin, demo_row.id)
                .await
                .expect("find");
            let mut input = open.input();
            input.url = elsewhere.clone();
            assert!(
                url_error(IntegrationService::update(&app, &admin, demo_row.id, input).await)
                    .contains("demo CRM"),
                "{elsewhere}"
            );
        }

        // Removed: no card, no call, and the flag is nowhere.
        assert_eq!(demo_integration::remove(&db).await.expect("remove"), 2);
        assert!(!demo_integration::installed(&db).await.expect("installed"));
        let after = runner::run_all(&app, &admin, sarah).await.expect("run");
        assert!(after.is_empty(), "{after:?}");
        assert_eq!(
            up.hits("demo/crm/customers/sarah.chen@northwind.example"),
            1
        );
        refuses_every_private_destination(&app, &admin, &up).await;
    })
    .await;
}

/// An admin's own integration to the demo's address, another loopback address or port, a
/// private or a link-local address is refused as not public.
async fn refuses_every_private_destination(app: &AppState, admin: &Actor, up: &Stub) {
    for url in [
        format!("{}/demo/crm/customers/{{{{contact.email}}}}", up.base()),
        format!("{}/api/v1/contacts", up.base()),
        "http://127.0.0.1:9/demo/crm/customers/x".to_string(),
        "http://127.0.0.2/demo/crm/customers/x".to_string(),
        "http://[::1]/demo/crm/customers/x".to_string(),
        "http://10.0.0.7/customers/x".to_string(),
        "http://192.168.1.20/customers/x".to_string(),
        "http://169.254.169.254/latest/meta-data".to_string(),
        "http://[fe80::1]/customers/x".to_string(),
    ] {
        let input: IntegrationInput = serde_json::from_value(json!({
            "name": "Mine",
            "url": url,
        }))
        .expect("input");
        assert!(
            url_error(IntegrationService::create(app, admin, input).await).contains("not public"),
            "{url}"
        );
    }
}

#[tokio::test]
async fn serving_on_another_port_points_the_demo_there_and_a_second_seed_keeps_one_demo() {
    on_every_database(async |db| {
        let first = AppState::for_tests(&db).with_own_demo("127.0.0.1:3000".parse().expect("addr"));
        demo::seed(&first).await.expect("seed");
        let up = upstream::start().await;
        let moved = AppState::for_tests(&db).with_own_demo(own(&up));
        assert_eq!(
            demo::seed(&moved).await.expect("seed again"),
            demo::SeedOutcome::AlreadyThere
        );
        let rows = integration::Entity::find()
            .filter(integration::Column::BuiltinDemo.eq(true))
            .all(&db)
            .await
            .expect("query");
        assert_eq!(rows.len(), 2, "a second seed made no second demo");
        for row in &rows {
            assert!(row.url.starts_with(&format!("{}/demo/crm/", up.base())));
            assert_eq!(row.version, 2);
        }
        let (admin, sarah) = demo_admin_and_sarah(&moved).await;
        let cards = runner::run_all(&moved, &admin, sarah).await.expect("run");
        assert!(cards.iter().all(|c| c.status == RunStatus::Ok), "{cards:?}");
    })
    .await;
}

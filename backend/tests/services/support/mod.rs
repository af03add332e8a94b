//! Fresh databases for service tests: in-memory SQLite always, and a new PostgreSQL database per
//! test when `DATABASE_URL_TEST_PG` names a server (dropped again afterwards).

pub mod upstream;

use backend::auth::LoginLimiter;
use backend::db;
use backend::services::channels::ChannelService;
use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::{ConversationService, NewConversation, NewMessage};
use backend::services::inboxes::InboxService;
use backend::services::integrations::IntegrationService;
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use backend::test_support::TestTeam;
use backend::{Actor, AppState, DatabaseConnection};
use chrono::{Duration, Utc};
use model::channel::{DriverInput, DriverSettings, WebhookDriverSettings};
use model::integration::IntegrationInput;
use model::{ConversationStatus, InboxType, MessageType, SenderType};
use sea_orm::ConnectionTrait;

/// A migrated database and what it takes to drop it.
pub struct TestDb {
    pub db: DatabaseConnection,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Closes the pool and drops the PostgreSQL database, if one was made.
    pub async fn finish(self) {
        let _ = self.db.close().await;
        if let Some((admin_url, name)) = self.pg
            && let Ok(admin) = db::connect(&admin_url).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
            let _ = admin.close().await;
        }
    }
}

/// In-memory SQLite, migrated.
pub async fn sqlite() -> TestDb {
    let db = db::connect("sqlite::memory:")
        .await
        .expect("sqlite in memory");
    db::migrate(&db).await.expect("migrations on sqlite");
    TestDb { db, pg: None }
}

/// A new PostgreSQL database on the server named by `DATABASE_URL_TEST_PG`, migrated.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = std::env::var("DATABASE_URL_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())?;
    let admin = db::connect(&admin_url)
        .await
        .expect("DATABASE_URL_TEST_PG is set but the server does not answer");
    let name = format!("chatlane_t_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    let _ = admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or(admin_url.clone());
    let db = db::connect(&format!("{base}/{name}"))
        .await
        .expect("connect to the test database");
    db::migrate(&db).await.expect("migrations on postgres");
    Some(TestDb {
        db,
        pg: Some((admin_url, name)),
    })
}

/// Runs `scenario` on a fresh in-memory SQLite database, then on a fresh PostgreSQL database
/// when `DATABASE_URL_TEST_PG` names a server (dropped afterwards).
pub async fn on_every_database(scenario: impl AsyncFn(DatabaseConnection)) {
    let t = sqlite().await;
    scenario(t.db.clone()).await;
    t.finish().await;
    if let Some(t) = postgres().await {
        scenario(t.db.clone()).await;
        t.finish().await;
    }
}

/// A team with an admin, an agent, a Support inbox (email + note), one contact with email, one
/// without, and one conversation of three messages with each.
pub struct World {
    pub admin: Actor,
    pub agent: Actor,
    pub inbox_id: i64,
    pub contact_id: i64,
    pub contact_without_email_id: i64,
    pub conversation_id: i64,
    pub conversation_without_email_id: i64,
}

pub use backend::test_support::TEST_PASSWORD as PASSWORD;

/// The id of the world's Support inbox email channel.
pub async fn email_channel(db: &DatabaseConnection, w: &World) -> i64 {
    InboxService::channels_of(db, w.admin.team_id, w.inbox_id)
        .await
        .expect("channels")
        .into_iter()
        .find(|c| c.channel_type == "email")
        .expect("email channel")
        .id
}

/// Builds a [`World`] in a team with `slug`.
pub async fn world(db: &DatabaseConnection, slug: &str) -> World {
    let team = TestTeam::create(db, &format!("Team {slug}"), slug).await;
    let inbox = InboxService::create(
        db,
        team.id,
        "Support",
        InboxType::Standard,
        &[MessageType::Email, MessageType::Note],
    )
    .await
    .expect("inbox");
    let contact = ContactService::create(
        &state(db),
        team.id,
        NewContact {
            name: "Carla Client".into(),
            email: format!("carla@{slug}.example"),
            phone: "+1 415 555 0199".into(),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    let silent = ContactService::create(
        &state(db),
        team.id,
        NewContact {
            name: "No Mail".into(),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    // The Email channel is connected to a bridge (never called: these tests run no worker).
    let email_channel = InboxService::channels_of(db, team.id, inbox.id)
        .await
        .expect("channels")
        .into_iter()
        .find(|c| c.channel_type == "email")
        .expect("email channel");
    let app = state(db);
    ChannelService::configure(
        db,
        &app.secrets,
        &app.outbound,
        &team.admin,
        email_channel.id,
        DriverInput {
            settings: DriverSettings::Webhook(WebhookDriverSettings {
                url: "https://bridge.example.com/outbound".into(),
            }),
            secret: None,
        },
    )
    .await
    .expect("connect the email channel");
    let mut conversation_ids = Vec::new();
    for (contact_id, subject) in [
        (contact.id, "Where is my order?"),
        (silent.id, "Phone call follow-up"),
    ] {
        let start = Utc::now() - Duration::hours(2);
        let messages = (0..3)
            .map(|k| NewMessage {
                message_type: MessageType::Email,
                body: format!("message {k} of {subject}"),
                sender_type: if k % 2 == 0 {
                    SenderType::Contact
                } else {
                    SenderType::User
                },
                sender_id: Some(if k % 2 == 0 {
                    contact_id
                } else {
                    team.agent.user_id
                }),
                created_at: start + Duration::minutes(k),
            })
            .collect();
        let conv = ConversationService::create_with_messages(
            db,
            team.id,
            NewConversation {
                inbox_id: inbox.id,
                contact_id: Some(contact_id),
                assignee_id: None,
                subject: subject.into(),
                status: ConversationStatus::Active,
                created_at: start,
            },
            messages,
        )
        .await
        .expect("conversation");
        conversation_ids.push(conv.id);
    }
    World {
        admin: team.admin,
        agent: team.agent,
        inbox_id: inbox.id,
        contact_id: contact.id,
        contact_without_email_id: silent.id,
        conversation_id: conversation_ids[0],
        conversation_without_email_id: conversation_ids[1],
    }
}

/// A limiter generous enough not to interfere unless a test means it to.
pub fn limiter() -> LoginLimiter {
    LoginLimiter::new(5, 1000, std::time::Duration::from_secs(60), 4)
}

/// The services' state over `db`, as the server builds it (no workers are started).
pub fn state(db: &DatabaseConnection) -> AppState {
    AppState::for_tests(db)
}

/// The services' state with loopback allowed for outbound calls (as `CHATLANE_OUTBOUND_ALLOW`
/// would), for tests whose stubs listen there.
pub fn allowing_loopback(db: &DatabaseConnection) -> AppState {
    AppState::for_tests(db).allowing(&["127.0.0.1"])
}

/// Creates integrations from `inputs` and attaches them to the world's inbox in that order.
pub async fn attached(app: &AppState, w: &World, inputs: Vec<IntegrationInput>) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in inputs {
        ids.push(
            IntegrationService::create(app, &w.admin, i)
                .await
                .expect("create")
                .row
                .id,
        );
    }
    let list: Vec<InboxLink> = ids
        .iter()
        .map(|&integration_id| InboxLink {
            integration_id,
            enabled: true,
        })
        .collect();
    InboxLinkService::set_for_inbox(&app.db, &w.admin, w.inbox_id, &list)
        .await
        .expect("attach");
    ids
}

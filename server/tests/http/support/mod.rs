//! An in-process TestApp: the real router over a fresh in-memory SQLite database, driven with
//! `tower::ServiceExt::oneshot`, plus two teams of data to test against.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::{ConversationService, NewConversation, NewMessage};
use backend::services::custom_entities::{
    CustomEntityService, NewCustomEntity, NewRecord, RecordService,
};
use backend::services::inboxes::InboxService;
use backend::services::teams::TeamService;
use backend::test_support::TestTeam;
use backend::{DatabaseConnection, db};
use chrono::Utc;
use model::{ConversationStatus, InboxType, MessageType, Role, SenderType};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use server::configuration::Config;
use server::startup::{app_state, build_app, start_workers};
use tower::ServiceExt;

pub mod api;
pub mod binary;
pub mod receivers;
pub mod sending;

pub const HOST: &str = "chatlane.test";
pub use backend::test_support::TEST_PASSWORD as PASSWORD;

/// One team's ids.
pub struct Team {
    pub id: i64,
    pub admin_email: String,
    pub agent_email: String,
    pub inbox_id: i64,
    pub contact_id: i64,
    pub conversation_id: i64,
    /// The conversation's first message (from the contact).
    pub message_id: i64,
    /// An attachment row of that message (its file is not stored).
    pub attachment_id: i64,
    /// The "Orders" custom entity (order_number is the external id; status a select).
    pub entity_id: i64,
    /// One order record.
    pub record_id: i64,
    /// "CRM lookup", attached to the inbox (calls https://crm.example.com, which tests never reach).
    pub integration_id: i64,
    /// A webhook for contact events, to a loopback port nothing listens on.
    pub webhook_id: i64,
}

/// The app under test with two teams.
pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    /// The services' state the router runs on (secrets, outbound client, queue).
    pub state: backend::AppState,
    /// Removed when the app is dropped.
    _data_dir: tempfile::TempDir,
    pub alpha: Team,
    pub bravo: Team,
}

/// A response with its body read.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The session cookie's `name=value`, if the response set one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("chatlane_session=") && !c.starts_with("chatlane_session=;"))
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
    }
}

async fn team(state: &backend::AppState, slug: &str) -> Team {
    let db = &state.db;
    let t = TestTeam::create(db, slug, slug).await;
    let inbox = InboxService::create(
        db,
        t.id,
        &format!("{slug} Support"),
        InboxType::Standard,
        &[MessageType::Email, MessageType::Note],
    )
    .await
    .expect("inbox");
    let contact = ContactService::create(
        state,
        t.id,
        NewContact {
            name: format!("{slug} Customer"),
            email: format!("customer@{slug}.example"),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    let conv = ConversationService::create_with_messages(
        db,
        t.id,
        NewConversation {
            inbox_id: inbox.id,
            contact_id: Some(contact.id),
            assignee_id: None,
            subject: format!("{slug} secret subject"),
            status: ConversationStatus::Active,
            created_at: Utc::now(),
        },
        vec![NewMessage {
            message_type: MessageType::Email,
            body: format!("{slug} first message"),
            sender_type: SenderType::Contact,
            sender_id: Some(contact.id),
            created_at: Utc::now(),
        }],
    )
    .await
    .expect("conversation");
    let first_message = backend::entities::message::Entity::find()
        .filter(backend::entities::message::Column::ConversationId.eq(conv.id))
        .one(db)
        .await
        .expect("query")
        .expect("the first message");
    let attachment = backend::entities::attachment::ActiveModel {
        team_id: Set(t.id),
        message_id: Set(first_message.id),
        file_name: Set("contract.pdf".into()),
        content_type: Set("application/pdf".into()),
        size: Set(0),
        storage_key: Set("00".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("attachment");
    let actor = t.admin;
    let entity = CustomEntityService::create(
        db,
        &actor,
        NewCustomEntity {
            name: "Orders".into(),
            slug: String::new(),
            attributes: serde_json::from_value(serde_json::json!([
                {"key": "order_number", "label": "Order number", "type": "string", "required": true, "is_external_id": true},
                {"key": "status", "label": "Status", "type": "select", "options": ["pending", "shipped", "completed"]},
                {"key": "amount", "label": "Amount", "type": "number"}
            ]))
            .expect("attributes"),
        },
    )
    .await
    .expect("entity");
    let record = RecordService::create(
        db,
        &actor,
        NewRecord {
            custom_entity_id: Some(entity.id),
            external_id: None,
            values:
                serde_json::json!({"order_number": format!("{slug}-1001"), "status": "pending"})
                    .as_object()
                    .cloned(),
        },
    )
    .await
    .expect("record");
    Team {
        entity_id: entity.id,
        record_id: record.record.id,
        integration_id: 0,
        webhook_id: 0,
        attachment_id: attachment.id,
        message_id: first_message.id,
        id: t.id,
        admin_email: t.admin_email,
        agent_email: t.agent_email,
        inbox_id: inbox.id,
        contact_id: contact.id,
        conversation_id: conv.id,
    }
}

/// `team`'s admin, acting in the team.
async fn admin_actor(state: &backend::AppState, team: &Team) -> backend::Actor {
    let admin = TeamService::find_user(&state.db, &team.admin_email)
        .await
        .expect("query")
        .expect("admin");
    backend::Actor {
        user_id: admin.id,
        team_id: team.id,
        role: Role::Admin,
    }
}

/// Creates `team`'s "CRM lookup" integration and attaches it to the team's inbox.
async fn integration(state: &backend::AppState, team: &Team) -> i64 {
    use backend::services::integrations::IntegrationService;
    use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
    let actor = admin_actor(state, team).await;
    let input = serde_json::from_value(serde_json::json!({
        "name": "CRM lookup",
        "url": "https://crm.example.com/customers/{{contact.email}}",
        "headers": [{"name": "Authorization", "value": "Bearer crm-secret-token-1234"}],
        "cache_minutes": 15
    }))
    .expect("input");
    let created = IntegrationService::create(state, &actor, input)
        .await
        .expect("integration");
    InboxLinkService::set_for_inbox(
        &state.db,
        &actor,
        team.inbox_id,
        &[InboxLink {
            integration_id: created.row.id,
            enabled: true,
        }],
    )
    .await
    .expect("attach");
    created.row.id
}

/// Creates `team`'s webhook (to loopback, allowed for this one call as an operator would).
async fn webhook(state: &backend::AppState, team: &Team) -> i64 {
    use backend::services::webhooks::WebhookService;
    let actor = admin_actor(state, team).await;
    let allowing = state.clone().allowing(&["127.0.0.1"]);
    let input = model::webhook::WebhookInput {
        url: "http://127.0.0.1:9/hook".into(),
        description: String::new(),
        events: vec!["contact.updated".into()],
        is_active: true,
        include_internal_notes: false,
        payload_format: String::new(),
    };
    WebhookService::create(&allowing, &actor, input)
        .await
        .expect("webhook")
        .id
}

/// Starts the app on a fresh in-memory database with teams "alpha" and "bravo".
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like [`spawn_app`] with configuration variables set (e.g. a small API rate limit).
pub async fn spawn_app_with(vars: &[(&str, &str)]) -> TestApp {
    let connection = db::connect("sqlite::memory:").await.expect("sqlite");
    db::migrate(&connection).await.expect("migrate");
    // Each app gets its own data folder (attachments) and key; a test's own vars win.
    let data_dir = tempfile::tempdir().expect("data dir");
    let mut all: Vec<(String, String)> = vec![
        (
            "CHATLANE_DATA_DIR".into(),
            data_dir.path().display().to_string(),
        ),
        (
            "CHATLANE_SECRET_KEY".into(),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into(),
        ),
        // Tests reach only the loopback receivers they start (and allow): never a public host,
        // not even a DNS lookup of one.
        ("CHATLANE_OUTBOUND_PUBLIC".into(), "false".into()),
    ];
    for (k, v) in vars {
        all.retain(|(name, _)| name != k);
        all.push((k.to_string(), v.to_string()));
    }
    let config =
        Config::from_lookup(|name| all.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .expect("config");
    let state = app_state(&config, connection.clone()).expect("state");
    start_workers(&config, &state);
    let mut alpha = team(&state, "alpha").await;
    let mut bravo = team(&state, "bravo").await;
    alpha.integration_id = integration(&state, &alpha).await;
    bravo.integration_id = integration(&state, &bravo).await;
    alpha.webhook_id = webhook(&state, &alpha).await;
    bravo.webhook_id = webhook(&state, &bravo).await;
    TestApp {
        router: build_app(&config, state.clone()),
        db: connection,
        state,
        alpha,
        bravo,
        _data_dir: data_dir,
    }
}

impl TestApp {
    /// The app's data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    /// Runs `request` through the router and reads the whole answer.
    pub async fn dispatch(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, HeaderMap, axum::body::Bytes) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible router");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .expect("body");
        (status, headers, bytes)
    }

    /// Sends a request as a same-origin browser would (Host and Origin set), with `cookie` if given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<&str>,
    ) -> TestResponse {
        self.send_from(method, path, cookie, form, &format!("http://{HOST}"))
            .await
    }

    /// Like [`send`](Self::send) with another `Origin`.
    pub async fn send_from(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<&str>,
        origin: &str,
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin);
        if let Some(c) = cookie {
            builder = builder.header(header::COOKIE, c);
        }
        let body = match form {
            Some(f) => {
                builder = builder
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json");
                Body::from(f.to_string())
            }
            None => {
                // Page loads, as a browser sends them.
                builder = builder.header(header::ACCEPT, "text/html,application/xhtml+xml");
                Body::empty()
            }
        };
        let request = builder.body(body).expect("request");
        let (status, headers, bytes) = self.dispatch(request).await;
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Posts the login form from `origin` (our own unless given).
    pub async fn post_login(
        &self,
        email: &str,
        password: &str,
        origin: Option<&str>,
    ) -> TestResponse {
        let form = format!("email={email}&password={}", password.replace(' ', "+"));
        let own = format!("http://{HOST}");
        self.send_from(
            Method::POST,
            "/rpc/login",
            None,
            Some(&form),
            origin.unwrap_or(&own),
        )
        .await
    }

    /// Logs in and returns the session cookie.
    pub async fn login(&self, email: &str) -> String {
        let r = self.post_login(email, PASSWORD, None).await;
        r.session_cookie()
            .unwrap_or_else(|| panic!("login as {email} failed: {} {}", r.status, r.body))
    }

    /// Calls a server function that takes JSON (`input = Json`) as a signed-in browser.
    pub async fn call_json(
        &self,
        cookie: &str,
        function: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/rpc/{function}"))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        let (status, headers, bytes) = self.dispatch(request).await;
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Calls a server function with form arguments as a signed-in browser.
    pub async fn call(&self, cookie: &str, function: &str, form: &str) -> TestResponse {
        self.send(
            Method::POST,
            &format!("/rpc/{function}"),
            Some(cookie),
            Some(form),
        )
        .await
    }
}

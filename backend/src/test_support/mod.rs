//! What tests and benchmarks build on (feature `test-support`; never in the binary): the
//! services' state, one builder instead of a literal per suite, and the team every suite's world
//! starts from.

use crate::actor::Actor;
use crate::auth::LoginLimiter;
use crate::auth::sealed::SecretBox;
use crate::delivery::WorkerWakeup;
use crate::events::{LiveHub, LiveSettings};
use crate::outbound::OutboundClient;
use crate::outbound::policy::DestinationPolicy;
use crate::services::integrations::breaker::{BreakerRule, Breakers};
use crate::services::integrations::budget::RefreshBudget;
use crate::services::integrations::cache::ResultCache;
use crate::services::integrations::run_log::RunLogWriter;
use crate::services::teams::TeamService;
use crate::state::AppState;
use crate::storage::AttachmentStore;
use model::Role;

pub mod stub;
use sea_orm::DatabaseConnection;

impl AppState {
    /// The state over `db` as the server builds it, except that outbound calls reach no public
    /// host (nor look one up) and nothing else either until [`allowing`](Self::allowing) names
    /// it; a fixed sealing key; attachments in the system's temporary folder; an 8 MB
    /// integration cache. No workers are started.
    pub fn for_tests(db: &DatabaseConnection) -> AppState {
        let webhooks = WorkerWakeup::new();
        AppState {
            db: db.clone(),
            login_limiter: LoginLimiter::standard(),
            secure_cookies: false,
            trusted_proxies: Default::default(),
            outbound: client_reaching(&[]),
            downloads: client_reaching(&[]),
            refresh_budget: RefreshBudget::standard(),
            breakers: Breakers::new(),
            upstream_budgets: Default::default(),
            health: Default::default(),
            metrics: Default::default(),
            integration_plans: Default::default(),
            run_log: RunLogWriter::new(db),
            secrets: SecretBox::new(&[7u8; 32]),
            attachments: AttachmentStore::new(&std::env::temp_dir().join("chatlane-tests")),
            deliveries: WorkerWakeup::new(),
            webhooks: webhooks.clone(),
            integration_cache: ResultCache::new(8),
            live: LiveHub::new(
                db.clone(),
                LiveSettings::standard(db.get_database_backend()),
                Some(webhooks),
            ),
        }
    }

    /// The same state with its own live hub (short keep-alives, a small buffer).
    pub fn with_live_settings(self, settings: LiveSettings) -> AppState {
        AppState {
            live: LiveHub::new(self.db.clone(), settings, Some(self.webhooks.clone())),
            ..self
        }
    }

    /// The same state with outbound calls allowed to `destinations` (as `CHATLANE_OUTBOUND_ALLOW`
    /// would), for tests whose stubs listen on loopback.
    pub fn allowing(self, destinations: &[&str]) -> AppState {
        AppState {
            outbound: client_reaching(destinations),
            ..self
        }
    }

    /// The same state serving the demo CRM at `own` (as `serve` does at its bound address).
    pub fn with_own_demo(self, own: std::net::SocketAddr) -> AppState {
        AppState {
            outbound: self.outbound.clone().with_own_demo(own),
            ..self
        }
    }

    /// The same state with `file_urls` downloads allowed to `destinations` (as
    /// `CHATLANE_DOWNLOAD_ALLOW` would).
    pub fn allowing_downloads(self, destinations: &[&str]) -> AppState {
        AppState {
            downloads: client_reaching(destinations),
            ..self
        }
    }

    /// The same state with its own circuit breakers, all following `rule` (whatever the
    /// integrations say: tests cannot wait their cool-downs).
    pub fn with_breaker_rule(self, rule: BreakerRule) -> AppState {
        AppState {
            breakers: Breakers::overriding(rule),
            ..self
        }
    }

    /// The same state with its own budget of manual refreshes.
    pub fn with_refresh_budget(self, refresh_budget: RefreshBudget) -> AppState {
        AppState {
            refresh_budget,
            ..self
        }
    }

    /// The same state with its own login limiter.
    pub fn with_login_limiter(self, login_limiter: LoginLimiter) -> AppState {
        AppState {
            login_limiter,
            ..self
        }
    }

    /// The same state with `megabytes` of integration answer cache.
    pub fn with_integration_cache(self, megabytes: u32) -> AppState {
        AppState {
            integration_cache: ResultCache::new(megabytes),
            ..self
        }
    }
}

/// A client that reaches no public host and only `destinations` (none: nothing at all).
fn client_reaching(destinations: &[&str]) -> OutboundClient {
    let allowed: Vec<String> = destinations.iter().map(|d| d.to_string()).collect();
    let policy = DestinationPolicy::new(&allowed)
        .unwrap_or_else(|e| panic!("test destinations {destinations:?}: {e}"))
        .without_public();
    OutboundClient::with_policy(policy).unwrap_or_else(|e| panic!("outbound client: {e}"))
}

/// The password of every [`TestTeam`] member.
pub const TEST_PASSWORD: &str = "correct horse battery";

/// A team with an admin and an agent: where every test suite's world starts.
#[derive(Debug, Clone)]
pub struct TestTeam {
    /// The team's id.
    pub id: i64,
    /// Ada Admin, `admin@{slug}.example`.
    pub admin: Actor,
    /// Ari Agent, `agent@{slug}.example`.
    pub agent: Actor,
    /// The admin's sign-in email.
    pub admin_email: String,
    /// The agent's sign-in email.
    pub agent_email: String,
}

impl TestTeam {
    /// Creates team `name` (`slug`) with its admin and agent, both signing in with
    /// [`TEST_PASSWORD`]. Panics on a database error: it is test set-up.
    pub async fn create(db: &DatabaseConnection, name: &str, slug: &str) -> TestTeam {
        let team = TeamService::ensure_team(db, name, slug)
            .await
            .unwrap_or_else(|e| panic!("team {slug}: {e}"));
        let member = async |email: String, person: &str, role: Role| {
            let user = TeamService::upsert_user(db, &email, person, TEST_PASSWORD)
                .await
                .unwrap_or_else(|e| panic!("user {email}: {e}"));
            TeamService::set_membership(db, team.id, user.id, role)
                .await
                .unwrap_or_else(|e| panic!("membership of {email}: {e}"));
            let actor = Actor {
                user_id: user.id,
                team_id: team.id,
                role,
            };
            (actor, email)
        };
        let (admin, admin_email) =
            member(format!("admin@{slug}.example"), "Ada Admin", Role::Admin).await;
        let (agent, agent_email) =
            member(format!("agent@{slug}.example"), "Ari Agent", Role::Agent).await;
        TestTeam {
            id: team.id,
            admin,
            agent,
            admin_email,
            agent_email,
        }
    }
}

/// An event of type `event` about resource `id`, with the least the change could know (a
/// message is an email from the contact in conversation `id`; nothing else changed).
pub fn event_about(event: model::webhook::EventType, id: i64) -> model::event::EventData {
    use model::event::{
        ContactUpdated, ConversationUpdated, EventData, MessageCreated, ResourceRef, StatusChanged,
    };
    use model::webhook::EventType;
    use model::{ConversationStatus, MessageType, SenderType};
    let it = ResourceRef { id };
    match event {
        EventType::ConversationCreated => EventData::ConversationCreated(it),
        EventType::ConversationStatusChanged => {
            EventData::ConversationStatusChanged(StatusChanged {
                id,
                status: ConversationStatus::Pending,
                previous_status: ConversationStatus::Active,
            })
        }
        EventType::ConversationClosed => EventData::ConversationClosed(it),
        EventType::ConversationUpdated => EventData::ConversationUpdated(ConversationUpdated {
            id,
            changed: Vec::new(),
        }),
        EventType::MessageCreated => EventData::MessageCreated(MessageCreated {
            id,
            conversation_id: id,
            message_type: MessageType::Email,
            sender_type: SenderType::Contact,
        }),
        EventType::ContactCreated => EventData::ContactCreated(it),
        EventType::ContactUpdated => EventData::ContactUpdated(ContactUpdated {
            id,
            email_changed: false,
        }),
        EventType::ConversationTranscript => EventData::ConversationTranscript(it),
        EventType::IntegrationHealthChanged => {
            EventData::IntegrationHealthChanged(model::event::IntegrationHealthChanged {
                id,
                name: format!("Integration {id}"),
                health: model::event::IntegrationHealth::Degraded,
                reason: "5 calls in a row failed.".into(),
                failures_in_a_row: 5,
                breaker_threshold: 5,
                http_status: Some(503),
                retry_at: None,
            })
        }
    }
}

//! Building the application from configuration and serving it.

use crate::api::answer_cache::AnswerCache;
use crate::api::rate_limit::ApiRateLimiter;
use crate::configuration::Config;
use crate::middleware::security_headers::Hsts;
use crate::routes;
use crate::state::ApiState;
use axum::Router;
use backend::auth::LoginLimiter;
use backend::auth::sealed::SecretBox;
use backend::delivery::WorkerWakeup;
use backend::events::{LiveHub, LiveSettings};
use backend::outbound::OutboundClient;
use backend::outbound::own_demo::own_address;
use backend::services::integrations::cache::ResultCache;
use backend::storage::AttachmentStore;
use backend::{AppState, DatabaseConnection, db};
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

/// A failure while starting.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A setting is unusable.
    #[error(transparent)]
    Config(#[from] crate::configuration::ConfigError),
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] backend::DbErr),
    /// The outbound HTTP client could not be set up.
    #[error(transparent)]
    Outbound(#[from] backend::outbound::OutboundSetupError),
    /// The address could not be bound, or the data folder created.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Start-up data work (pointing the demo integration at this server) failed.
    #[error("{0}")]
    Service(#[from] backend::ServiceError),
}

/// Opens the database (creating the SQLite folder) and applies migrations.
pub async fn open_database(config: &Config) -> Result<DatabaseConnection, StartupError> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let connection = db::connect(&config.database_url).await?;
    db::migrate(&connection).await?;
    Ok(connection)
}

/// Leptos options for this configuration (works both under cargo-leptos and as a plain binary).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("chatlane")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

/// The services' state over an open database: the sealing key (from `CHATLANE_SECRET_KEY`, or
/// generated into the data folder in development), the outbound client, attachment storage and
/// the delivery queue.
pub fn app_state(
    config: &Config,
    connection: DatabaseConnection,
) -> Result<AppState, StartupError> {
    let webhooks = WorkerWakeup::new();
    Ok(AppState {
        login_limiter: LoginLimiter::standard(),
        secure_cookies: config.secure_cookies(),
        trusted_proxies: config.trusted_proxies.clone(),
        // The demo CRM is reached at the listen address; `serve` corrects it to the bound one.
        outbound: OutboundClient::with_policy(config.outbound_policy())?
            .with_own_demo(own_address(config.addr)),
        downloads: OutboundClient::with_policy(config.download_policy())?,
        secrets: SecretBox::new(&config.resolve_secret_key()?),
        attachments: AttachmentStore::new(&config.data_dir),
        deliveries: WorkerWakeup::new(),
        webhooks: webhooks.clone(),
        integration_cache: ResultCache::new(config.integration_cache_mb),
        refresh_budget: backend::services::integrations::budget::RefreshBudget::standard(),
        breakers: backend::services::integrations::breaker::Breakers::new(),
        upstream_budgets: Default::default(),
        health: Default::default(),
        metrics: Default::default(),
        integration_plans: Default::default(),
        run_log: backend::services::integrations::run_log::RunLogWriter::new(&connection),
        live: LiveHub::new(
            connection.clone(),
            {
                let standard = LiveSettings::standard(connection.get_database_backend());
                LiveSettings {
                    keep_alive: std::time::Duration::from_secs(config.live_keep_alive_secs.into()),
                    poll: config.live_poll_ms.map_or(standard.poll, |ms| {
                        std::time::Duration::from_millis(ms.into())
                    }),
                    ..standard
                }
            },
            Some(webhooks),
        ),
        db: connection,
    })
}

/// Starts the background workers (message delivery, webhook delivery, pruning the event log) on
/// the current runtime.
/// Webhook events carry the REST API's shapes, with download URLs under the public URL.
pub fn start_workers(config: &Config, state: &AppState) {
    // The hub's reader wakes the webhook worker at every commit that recorded events.
    state.live.start();
    tokio::spawn(backend::delivery::run_worker(state.clone()));
    tokio::spawn(backend::events::retention::run_pruner(state.db.clone()));
    tokio::spawn(
        backend::services::integrations::health::recorder::run_flusher(
            state.db.clone(),
            state.health.clone(),
        ),
    );
    let base = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.addr));
    let shapes = crate::api::event_payloads::ApiShapes {
        base: base.trim_end_matches('/').to_string(),
    };
    tokio::spawn(backend::services::webhooks::worker::run_worker(
        state.clone(),
        std::sync::Arc::new(shapes),
    ));
}

/// The router over the services' state.
pub fn build_app(config: &Config, state: AppState) -> Router {
    let api = ApiState {
        public_url: config.public_url.clone(),
        rate_limiter: ApiRateLimiter::new(config.api_rate_per_minute, config.api_rate_burst),
        answers: AnswerCache::new(config.api_cache_mb),
    };
    routes::router(
        leptos_options(config),
        state,
        api,
        config.metrics_access(),
        Hsts(config.secure_cookies()),
    )
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(config: Config) -> Result<(), StartupError> {
    let connection = open_database(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let local = listener.local_addr()?;
    let mut state = app_state(&config, connection)?;
    state.outbound = state.outbound.with_own_demo(own_address(local));
    backend::demo::integration::repoint(&state).await?;
    start_workers(&config, &state);
    let live = state.live.clone();
    let (db, health) = (state.db.clone(), state.health.clone());
    let app = build_app(&config, state);
    tracing::info!("Chatlane is listening on http://{local}");
    println!("Chatlane is running at http://{local}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Streams never finish on their own: end them so the graceful wait can, and their
        // clients reconnect (to another replica behind a load balancer).
        live.close();
    })
    .await?;
    // The minutes of integration health not written yet (the current one too).
    if let Err(e) = health.flush_all(&db).await {
        tracing::warn!(error = %e, "could not write integration health at shutdown");
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

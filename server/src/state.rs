//! The router's state, in a module of its own so that handlers, which read it, and the router,
//! which lists the handlers, do not import each other.

use crate::api::answer_cache::AnswerCache;
use crate::api::rate_limit::ApiRateLimiter;
use axum::extract::FromRef;
use backend::AppState;
use backend::auth::TokenReader;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What the REST API needs besides the services' state.
#[derive(Clone)]
pub struct ApiState {
    /// `CHATLANE_PUBLIC_URL`, the base of absolute links (else the request's Host).
    pub public_url: Option<String>,
    /// Per-token request budgets.
    pub rate_limiter: ApiRateLimiter,
    /// GET answers reused while the team's data is unchanged.
    pub answers: AnswerCache,
}

/// Router state: the Leptos options and the services' state, shared behind one `Arc` because
/// every extractor and middleware that reads it takes its own clone per request.
#[derive(Clone)]
pub struct ServerState(Arc<ServerParts>);

impl ServerState {
    /// The state over the services' `app` state, with the REST API's settings.
    pub fn new(leptos: LeptosOptions, app: AppState, api: ApiState) -> Self {
        ServerState(Arc::new(ServerParts {
            leptos,
            tokens: TokenReader::new(app.db.clone()),
            app,
            api: Arc::new(api),
        }))
    }
}

/// What [`ServerState`] shares.
pub struct ServerParts {
    /// Leptos site options.
    pub leptos: LeptosOptions,
    /// Database and limiter.
    pub app: AppState,
    /// REST API settings and rate limiter (its own `Arc`: the answer cache's layer holds only it).
    pub api: Arc<ApiState>,
    /// Checks the REST API's bearer tokens.
    pub tokens: TokenReader,
}

impl std::ops::Deref for ServerState {
    type Target = ServerParts;

    fn deref(&self) -> &ServerParts {
        &self.0
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(s: &ServerState) -> Self {
        s.leptos.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(s: &ServerState) -> Self {
        s.app.clone()
    }
}

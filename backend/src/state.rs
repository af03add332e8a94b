//! What every request handler needs: the database pool, the login limiter and the one outbound
//! HTTP client.

use crate::auth::LoginLimiter;
use crate::outbound::OutboundClient;
use sea_orm::DatabaseConnection;

/// Shared, cheaply cloned state for both doors (server functions and REST handlers).
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Failed-login counters.
    pub login_limiter: LoginLimiter,
    /// Whether cookies carry `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// The guarded client for every call to an admin-configured URL.
    pub outbound: OutboundClient,
}

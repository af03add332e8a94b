//! What every request handler needs: the database pool and the login limiter.

use crate::auth::LoginLimiter;
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
}

//! Passwords, login sessions and the login rate limiter.

pub mod limiter;
pub mod password;
pub mod session;

pub use limiter::LoginLimiter;
pub use session::{SESSION_TTL_DAYS, SessionService, SignedIn};

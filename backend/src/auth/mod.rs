//! Passwords, login sessions, API tokens, sealed secrets and the login rate limiter.

pub mod api_tokens;
pub mod limiter;
pub mod password;
pub mod sealed;
pub mod secret;
pub mod session;
pub mod token_reader;

pub use api_tokens::{ApiTokenService, CreatedApiToken, TokenActor};
pub use limiter::LoginLimiter;
pub use session::{SESSION_TTL_DAYS, SessionService, SignedIn};
pub use token_reader::TokenReader;

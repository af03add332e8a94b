//! Passwords, login sessions, device cookies, API tokens, sealed secrets and the login rate
//! limiter.

pub mod api_tokens;
pub mod device;
pub mod limiter;
pub mod password;
pub mod proxies;
pub mod sealed;
pub mod secret;
pub mod session;
pub mod token_reader;

pub use api_tokens::{ApiTokenService, CreatedApiToken, TokenActor};
pub use limiter::{LoginClient, LoginLimiter, Refusal};
pub use proxies::TrustedProxies;
pub use session::{
    LoggedIn, SESSION_MAX_DAYS, SESSION_TTL_DAYS, SessionService, SessionUse, SignedIn,
};
pub use token_reader::TokenReader;

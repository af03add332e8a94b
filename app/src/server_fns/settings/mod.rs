//! Team settings (admins only): members and API tokens.

mod create_api_token;
mod list_api_tokens;
mod list_team_members;
mod revoke_api_token;

pub use create_api_token::*;
pub use list_api_tokens::*;
pub use list_team_members::*;
pub use revoke_api_token::*;

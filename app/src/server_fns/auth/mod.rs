//! Signing in and out, who is signed in, switching teams.

mod get_viewer;
mod login;
mod logout;
mod switch_team;

pub use get_viewer::*;
pub use login::*;
pub use logout::*;
pub use switch_team::*;

//! Team settings (admins only).

mod list_team_members;

pub use list_team_members::*;

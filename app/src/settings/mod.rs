//! Team settings (admins only).

mod team_settings_page;

pub use team_settings_page::*;

//! The login page.

mod login_page;

pub use login_page::*;

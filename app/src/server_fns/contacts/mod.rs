//! Contacts: search and the profile sheet.

mod get_contact_profile;
mod search_contacts;

pub use get_contact_profile::*;
pub use search_contacts::*;

//! Contacts: search, the profile sheet and its integration results.

mod explain_contact_cards;
mod get_contact_profile;
mod run_contact_integrations;
mod search_contacts;

pub use explain_contact_cards::*;
pub use get_contact_profile::*;
pub use run_contact_integrations::*;
pub use search_contacts::*;

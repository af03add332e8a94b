//! Contacts: the searchable list and the profile sheet.

mod contact_profile_sheet;
mod contacts_page;

pub use contact_profile_sheet::*;
pub use contacts_page::*;

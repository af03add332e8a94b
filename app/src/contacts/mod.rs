//! Contacts: the searchable list and the profile sheet with its external data.

mod card_diagnosis;
mod contact_profile_sheet;
mod contacts_page;
mod external_data;

pub use contact_profile_sheet::*;
pub use contacts_page::*;

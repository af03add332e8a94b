//! Contacts: the UI's search and profile sheet, and the API's list, lookup, create and update.
//! Email and phone number are unique per team.

mod mutation;
mod query;

pub use query::{CONTACTS_PER_PAGE, PROFILE_RECENT_CONVERSATIONS};

use crate::entities::contact;
use chrono::{DateTime, Utc};
use model::contact::ContactSummary;
use model::validation::{EmailAddress, PhoneNumber};
use model::visitor::Visitor;
use serde_json::{Map, Value};

/// Contact queries and mutations.
pub struct ContactService;

/// A new contact's fields, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Name (required).
    pub name: String,
    /// Email (optional, unique per team).
    pub email: String,
    /// Phone in international format (optional, unique per team).
    pub phone: String,
    /// Custom attributes (a JSON object).
    pub custom_attributes: Map<String, Value>,
    /// Their last visit.
    pub visitor: Visitor,
}

/// A partial update: `None` leaves a field as it is. An empty email or phone clears it.
#[derive(Debug, Clone, Default)]
pub struct ContactChanges {
    /// New name.
    pub name: Option<String>,
    /// New email (empty clears).
    pub email: Option<String>,
    /// New phone (empty clears).
    pub phone: Option<String>,
    /// Attributes merged key by key; a `null` value removes the key.
    pub custom_attributes: Option<Map<String, Value>>,
}

/// What the API's contact list can filter by (all combinable).
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Only contacts created strictly after this instant.
    pub created_after: Option<DateTime<Utc>>,
    /// Exact (normalised) email.
    pub email: Option<EmailAddress>,
    /// Phone number, already normalised to E.164.
    pub phone_number: Option<PhoneNumber>,
}

/// Field name of the phone number in requests and errors.
pub const PHONE_FIELD: &str = "phone_number";

pub(crate) fn summary(c: &contact::Model) -> ContactSummary {
    ContactSummary {
        id: c.id,
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
    }
}

/// Applies `changes` to `attributes` key by key: a `null` removes the key, anything else sets it.
pub fn merge_attributes(attributes: &mut Map<String, Value>, changes: Map<String, Value>) {
    for (key, value) in changes {
        if value.is_null() {
            attributes.remove(&key);
        } else {
            attributes.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::merge_attributes;
    use serde_json::{Value, json};

    #[test]
    fn attribute_updates_merge_key_by_key_and_null_removes() {
        let mut attrs = json!({"company": "Acme", "role": "Manager", "tier": "gold"});
        let Value::Object(map) = &mut attrs else {
            unreachable!("a JSON object literal")
        };
        let Value::Object(changes) = json!({"company": "New Corp", "tier": null, "dept": "Eng"})
        else {
            unreachable!("a JSON object literal")
        };
        merge_attributes(map, changes);
        assert_eq!(
            attrs,
            json!({"company": "New Corp", "role": "Manager", "dept": "Eng"})
        );
    }
}

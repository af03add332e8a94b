//! Contacts.

use backend::entities::contact;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A contact.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContactResource {
    /// The contact's id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Email (lower-cased), if known.
    pub email: Option<String>,
    /// Phone number in E.164 (`+441234567890`), if known.
    pub phone_number: Option<String>,
    /// Free-form attributes.
    #[schema(value_type = Object)]
    pub custom_attributes: Map<String, Value>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<contact::Model> for ContactResource {
    fn from(c: contact::Model) -> Self {
        ContactResource {
            id: c.id,
            name: c.name,
            email: c.email,
            phone_number: c.phone,
            custom_attributes: match c.custom_attributes {
                Value::Object(map) => map,
                _ => Map::new(),
            },
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

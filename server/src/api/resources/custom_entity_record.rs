//! Custom entity records, with their entity (and on single reads, its attributes, the record's
//! conversations and contacts).

use backend::entities::{contact, conversation};
use backend::services::custom_entities::{ApiRecord, definitions};
use chrono::{DateTime, Utc};
use model::custom_entity::AttributeDefinition;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The entity a record belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CustomEntityRef {
    /// The entity's id.
    pub id: i64,
    /// Its name, e.g. "Orders".
    pub name: String,
    /// Its slug, e.g. "orders".
    pub slug: String,
}

/// An attribute definition as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AttributeResource {
    /// The key in `values`.
    pub key: String,
    /// Its label.
    pub label: String,
    /// `string`, `number`, `boolean`, `date` or `select`.
    #[serde(rename = "type")]
    pub attribute_type: String,
    /// Required on create.
    pub required: bool,
    /// The allowed values of a `select`.
    pub options: Vec<String>,
    /// Its value is the record's `external_id`.
    pub is_external_id: bool,
}

impl From<AttributeDefinition> for AttributeResource {
    fn from(d: AttributeDefinition) -> Self {
        let attribute_type = serde_json::to_value(d.attribute_type)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        AttributeResource {
            key: d.key,
            label: d.label,
            attribute_type,
            required: d.required,
            options: d.options,
            is_external_id: d.is_external_id,
        }
    }
}

/// The entity with its attribute definitions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CustomEntityDetail {
    /// Id, name and slug.
    #[serde(flatten)]
    pub entity: CustomEntityRef,
    /// Its attributes, in order.
    pub attributes: Vec<AttributeResource>,
}

/// A conversation about a record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RecordConversation {
    /// The conversation's id.
    pub id: i64,
    /// Its subject.
    pub subject: String,
    /// `active`, `pending` or `closed`.
    pub status: String,
    /// Its contact, if any.
    pub contact_id: Option<i64>,
    /// When it started.
    pub created_at: DateTime<Utc>,
}

/// A contact linked to a record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RecordContact {
    /// The contact's id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Email, if known.
    pub email: Option<String>,
    /// Phone (E.164), if known.
    pub phone_number: Option<String>,
}

/// A custom entity record.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CustomEntityRecordResource {
    /// The record's id.
    pub id: i64,
    /// Its entity's id (always present).
    pub custom_entity_id: i64,
    /// The external id (from the entity's external-id attribute unless set explicitly).
    pub external_id: Option<String>,
    /// The attribute values.
    #[schema(value_type = Object)]
    pub values: Value,
    /// Its entity.
    pub custom_entity: CustomEntityRef,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A record with its entity's attributes, conversations and contacts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CustomEntityRecordDetail {
    /// The record's id.
    pub id: i64,
    /// Its entity's id.
    pub custom_entity_id: i64,
    /// The external id.
    pub external_id: Option<String>,
    /// The attribute values.
    #[schema(value_type = Object)]
    pub values: Value,
    /// Its entity with attribute definitions.
    pub custom_entity: CustomEntityDetail,
    /// Conversations about it, oldest first.
    pub conversations: Vec<RecordConversation>,
    /// Contacts linked to it or its conversations.
    pub contacts: Vec<RecordContact>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<ApiRecord> for CustomEntityRecordResource {
    fn from(a: ApiRecord) -> Self {
        let r = a.record;
        CustomEntityRecordResource {
            id: r.id,
            custom_entity_id: r.custom_entity_id,
            external_id: r.external_id,
            values: r.values,
            custom_entity: CustomEntityRef {
                id: a.entity.id,
                name: a.entity.name,
                slug: a.entity.slug,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

fn conversation_of(c: conversation::Model) -> RecordConversation {
    RecordConversation {
        id: c.id,
        subject: c.subject,
        status: c.status,
        contact_id: c.contact_id,
        created_at: c.created_at,
    }
}

fn contact_of(c: contact::Model) -> RecordContact {
    RecordContact {
        id: c.id,
        name: c.name,
        email: c.email,
        phone_number: c.phone,
    }
}

impl From<ApiRecord> for CustomEntityRecordDetail {
    fn from(a: ApiRecord) -> Self {
        let attributes = definitions(&a.entity)
            .into_iter()
            .map(AttributeResource::from)
            .collect();
        let r = a.record;
        CustomEntityRecordDetail {
            id: r.id,
            custom_entity_id: r.custom_entity_id,
            external_id: r.external_id,
            values: r.values,
            custom_entity: CustomEntityDetail {
                entity: CustomEntityRef {
                    id: a.entity.id,
                    name: a.entity.name,
                    slug: a.entity.slug,
                },
                attributes,
            },
            conversations: a
                .conversations
                .unwrap_or_default()
                .into_iter()
                .map(conversation_of)
                .collect(),
            contacts: a
                .contacts
                .unwrap_or_default()
                .into_iter()
                .map(contact_of)
                .collect(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

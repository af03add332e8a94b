//! Custom entity records for the REST API: the polling list, one record with its conversations and
//! contacts, creation and partial update, with `values` checked against the entity's attributes
//! and `external_id` following the entity's external-id attribute.

use super::definitions;
use crate::actor::Actor;
use crate::entities::{
    contact, conversation, custom_entity, custom_entity_record, custom_entity_record_contact,
};
use crate::error::{ServiceError, ServiceResult};
use crate::services::{Listed, Window, oldest_first};
use chrono::{DateTime, Utc};
use model::FieldErrors;
use model::custom_entity::{EXTERNAL_ID_MAX, check_values, external_id_from};
use model::validation::{ValidationError, optional_text};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Record reads and writes.
pub struct RecordService;

/// What the record list filters by.
#[derive(Debug, Clone, Default)]
pub struct RecordQuery {
    /// Only records created strictly after this instant.
    pub created_after: Option<DateTime<Utc>>,
    /// Only this entity's.
    pub custom_entity_id: Option<i64>,
}

/// A record with its entity, and for single reads its conversations and contacts.
#[derive(Debug, Clone)]
pub struct ApiRecord {
    /// The row.
    pub record: custom_entity_record::Model,
    /// Its entity.
    pub entity: custom_entity::Model,
    /// Conversations about it, oldest first (single reads).
    pub conversations: Option<Vec<conversation::Model>>,
    /// Contacts linked to it or to its conversations (single reads).
    pub contacts: Option<Vec<contact::Model>>,
}

/// A record to create.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    /// The team's entity (required).
    pub custom_entity_id: Option<i64>,
    /// An external id (else from the external-id attribute).
    pub external_id: Option<String>,
    /// The values (required, an object).
    pub values: Option<Map<String, Value>>,
}

/// A partial update.
#[derive(Debug, Clone, Default)]
pub struct RecordUpdate {
    /// Must equal the record's entity when given (it cannot change).
    pub custom_entity_id: Option<i64>,
    /// A new external id (`Some(None)` clears it).
    pub external_id: Option<Option<String>>,
    /// Values merged key by key (`null` removes a key).
    pub values: Option<Map<String, Value>>,
}

fn external_id_field(raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    optional_text("external_id", raw.unwrap_or_default(), EXTERNAL_ID_MAX)
}

impl RecordService {
    /// The team's records matching `query`, oldest first (`created_at`, then `id`).
    pub async fn list_oldest_first(
        db: &DatabaseConnection,
        actor: &Actor,
        query: &RecordQuery,
        window: Window,
    ) -> ServiceResult<Listed<ApiRecord>> {
        let mut select = custom_entity_record::Entity::find()
            .filter(custom_entity_record::Column::TeamId.eq(actor.team_id));
        if let Some(after) = query.created_after {
            select = select.filter(custom_entity_record::Column::CreatedAt.gt(after));
        }
        if let Some(id) = query.custom_entity_id {
            select = select.filter(custom_entity_record::Column::CustomEntityId.eq(id));
        }
        let listed = oldest_first(
            db,
            select,
            (
                custom_entity_record::Column::CreatedAt,
                custom_entity_record::Column::Id,
            ),
            window,
        )
        .await?;
        let entities: HashMap<i64, custom_entity::Model> = custom_entity::Entity::find()
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .filter(custom_entity::Column::Id.is_in(listed.rows.iter().map(|r| r.custom_entity_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let mut rows = Vec::with_capacity(listed.rows.len());
        for record in listed.rows {
            let entity = entities
                .get(&record.custom_entity_id)
                .cloned()
                .ok_or_else(|| {
                    ServiceError::Internal(format!("entity of record {} missing", record.id))
                })?;
            rows.push(ApiRecord {
                record,
                entity,
                conversations: None,
                contacts: None,
            });
        }
        Ok(Listed {
            rows,
            total: listed.total,
        })
    }

    /// How many records `entity_id` (one of the team's) has.
    pub async fn count_of_entity(
        db: &DatabaseConnection,
        actor: &Actor,
        entity_id: i64,
    ) -> ServiceResult<u64> {
        Ok(custom_entity_record::Entity::find()
            .filter(custom_entity_record::Column::TeamId.eq(actor.team_id))
            .filter(custom_entity_record::Column::CustomEntityId.eq(entity_id))
            .count(db)
            .await?)
    }

    /// Record counts of every entity of the team that has records (one grouped query).
    pub async fn counts_by_entity(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<HashMap<i64, u64>> {
        let rows: Vec<(i64, i64)> = custom_entity_record::Entity::find()
            .select_only()
            .column(custom_entity_record::Column::CustomEntityId)
            .column_as(custom_entity_record::Column::Id.count(), "records")
            .filter(custom_entity_record::Column::TeamId.eq(actor.team_id))
            .group_by(custom_entity_record::Column::CustomEntityId)
            .into_tuple()
            .all(db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(entity, n)| (entity, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// One of the team's records.
    pub async fn find(
        db: &impl ConnectionTrait,
        team_id: i64,
        id: i64,
    ) -> ServiceResult<custom_entity_record::Model> {
        custom_entity_record::Entity::find_by_id(id)
            .filter(custom_entity_record::Column::TeamId.eq(team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// One of the team's records with its entity, conversations and contacts.
    pub async fn find_with_links(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ApiRecord> {
        let record = Self::find(db, actor.team_id, id).await?;
        let entity = Self::entity_of(db, actor, &record).await?;
        let conversations = conversation::Entity::find()
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::CustomEntityRecordId.eq(record.id))
            .order_by_asc(conversation::Column::CreatedAt)
            .order_by_asc(conversation::Column::Id)
            .all(db)
            .await?;
        let contact_ids = Self::contact_ids(db, actor.team_id, record.id).await?;
        let contacts = contact::Entity::find()
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .filter(contact::Column::Id.is_in(contact_ids))
            .order_by_asc(contact::Column::Id)
            .all(db)
            .await?;
        Ok(ApiRecord {
            record,
            entity,
            conversations: Some(conversations),
            contacts: Some(contacts),
        })
    }

    /// Contacts associated with a record: linked to it, or the contact of one of its conversations.
    pub async fn contact_ids(
        db: &impl ConnectionTrait,
        team_id: i64,
        record_id: i64,
    ) -> ServiceResult<Vec<i64>> {
        let mut ids: Vec<i64> = custom_entity_record_contact::Entity::find()
            .filter(custom_entity_record_contact::Column::TeamId.eq(team_id))
            .filter(custom_entity_record_contact::Column::CustomEntityRecordId.eq(record_id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.contact_id)
            .collect();
        ids.extend(
            conversation::Entity::find()
                .filter(conversation::Column::TeamId.eq(team_id))
                .filter(conversation::Column::CustomEntityRecordId.eq(record_id))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|c| c.contact_id),
        );
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Links a contact to a record (idempotent).
    pub async fn link_contact(
        conn: &impl ConnectionTrait,
        team_id: i64,
        record_id: i64,
        contact_id: i64,
    ) -> ServiceResult<()> {
        let exists = custom_entity_record_contact::Entity::find_by_id((record_id, contact_id))
            .one(conn)
            .await?
            .is_some();
        if !exists {
            custom_entity_record_contact::ActiveModel {
                custom_entity_record_id: Set(record_id),
                contact_id: Set(contact_id),
                team_id: Set(team_id),
            }
            .insert(conn)
            .await?;
        }
        Ok(())
    }

    async fn entity_of(
        db: &DatabaseConnection,
        actor: &Actor,
        record: &custom_entity_record::Model,
    ) -> ServiceResult<custom_entity::Model> {
        custom_entity::Entity::find_by_id(record.custom_entity_id)
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or_else(|| {
                ServiceError::Internal(format!("entity of record {} missing", record.id))
            })
    }

    /// Creates a record in one of the team's entities.
    pub async fn create(
        db: &DatabaseConnection,
        actor: &Actor,
        new: NewRecord,
    ) -> ServiceResult<ApiRecord> {
        let mut errors = FieldErrors::new();
        let entity = match new.custom_entity_id {
            None => {
                errors.add(ValidationError::new(
                    "custom_entity_id",
                    "This field is required.",
                ));
                None
            }
            Some(id) => {
                let found = custom_entity::Entity::find_by_id(id)
                    .filter(custom_entity::Column::TeamId.eq(actor.team_id))
                    .one(db)
                    .await?;
                if found.is_none() {
                    errors.add(ValidationError::new(
                        "custom_entity_id",
                        "No custom entity with this id in your team.",
                    ));
                }
                found
            }
        };
        let external = errors.check(external_id_field(new.external_id.as_deref()));
        let values = match (&entity, new.values) {
            (_, None) => {
                errors.add(ValidationError::new("values", "This field is required."));
                None
            }
            (None, Some(_)) => None,
            (Some(e), Some(v)) => match check_values(&definitions(e), &v, None) {
                Ok(m) => Some(m),
                Err(e) => {
                    for (k, m) in e.0 {
                        errors.add(ValidationError::new(k, m));
                    }
                    None
                }
            },
        };
        let (entity, values, external) =
            errors.finish((|| Some((entity?, values?, external?)))())?;
        let external_id = external.or_else(|| external_id_from(&definitions(&entity), &values));
        let now = Utc::now();
        let record = custom_entity_record::ActiveModel {
            team_id: Set(actor.team_id),
            custom_entity_id: Set(entity.id),
            external_id: Set(external_id),
            values: Set(Value::Object(values)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(ApiRecord {
            record,
            entity,
            conversations: None,
            contacts: None,
        })
    }

    /// Updates one of the team's records: values merged, external id following its attribute
    /// unless given explicitly; the entity cannot change.
    pub async fn update(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        update: RecordUpdate,
    ) -> ServiceResult<ApiRecord> {
        let record = Self::find(db, actor.team_id, id).await?;
        let entity = Self::entity_of(db, actor, &record).await?;
        let mut errors = FieldErrors::new();
        if update
            .custom_entity_id
            .is_some_and(|e| e != record.custom_entity_id)
        {
            errors.add(ValidationError::new(
                "custom_entity_id",
                "A record's custom entity cannot change.",
            ));
        }
        let explicit = match &update.external_id {
            None => None,
            Some(v) => errors.check(external_id_field(v.as_deref())),
        };
        let defs = definitions(&entity);
        let existing = record.values.as_object().cloned().unwrap_or_default();
        let values = match &update.values {
            None => Some(existing.clone()),
            Some(v) => match check_values(&defs, v, Some(&existing)) {
                Ok(m) => Some(m),
                Err(e) => {
                    for (k, m) in e.0 {
                        errors.add(ValidationError::new(k, m));
                    }
                    None
                }
            },
        };
        errors.into_result()?;
        let Some(values) = values else {
            return Err(ServiceError::Internal("validated values missing".into()));
        };
        let external_id = match explicit {
            Some(given) => given,
            None if update.values.is_some()
                && external_id_from(&defs, &values) != external_id_from(&defs, &existing) =>
            {
                external_id_from(&defs, &values)
            }
            None => record.external_id.clone(),
        };
        let mut active: custom_entity_record::ActiveModel = record.into();
        active.values = Set(Value::Object(values));
        active.external_id = Set(external_id);
        active.updated_at = Set(Utc::now());
        let record = active.update(db).await?;
        Ok(ApiRecord {
            record,
            entity,
            conversations: None,
            contacts: None,
        })
    }
}

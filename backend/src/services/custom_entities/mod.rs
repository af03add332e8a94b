//! Custom entities (admins define them) and their records (the REST API reads and writes them).

mod records;

pub use records::{ApiRecord, NewRecord, RecordQuery, RecordService, RecordUpdate};

use crate::actor::Actor;
use crate::entities::custom_entity;
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use model::FieldErrors;
use model::custom_entity::{
    AttributeDefinition, CustomEntityView, check_definition_change, check_definitions,
};
use model::validation::{self, NAME_MAX, ValidationError, slugify};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Custom entity definitions.
pub struct CustomEntityService;

/// A custom entity to create.
#[derive(Debug, Clone, Default)]
pub struct NewCustomEntity {
    /// Display name, e.g. "Orders".
    pub name: String,
    /// URL-safe id, unique in the team (from the name when empty).
    pub slug: String,
    /// Attribute definitions.
    pub attributes: Vec<AttributeDefinition>,
}

/// New name and attribute list of an entity.
#[derive(Debug, Clone, Default)]
pub struct CustomEntityChanges {
    /// Display name.
    pub name: String,
    /// The whole attribute list, in order.
    pub attributes: Vec<AttributeDefinition>,
}

/// Checked attributes, or `None` with every problem added to `errors`.
fn checked_attributes(
    attributes: Vec<AttributeDefinition>,
    errors: &mut FieldErrors,
) -> Option<Vec<AttributeDefinition>> {
    match check_definitions(attributes) {
        Ok(a) => Some(a),
        Err(e) => {
            for (k, v) in e.0 {
                errors.add(ValidationError::new(k, v));
            }
            None
        }
    }
}

fn stored(attributes: &[AttributeDefinition]) -> ServiceResult<serde_json::Value> {
    serde_json::to_value(attributes).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// The attribute definitions stored on an entity (an unreadable list reads as none).
pub fn definitions(entity: &custom_entity::Model) -> Vec<AttributeDefinition> {
    serde_json::from_value(entity.attributes.clone()).unwrap_or_default()
}

impl CustomEntityService {
    /// Creates an entity (admins only); every problem names its field.
    pub async fn create(
        db: &DatabaseConnection,
        actor: &Actor,
        new: NewCustomEntity,
    ) -> ServiceResult<custom_entity::Model> {
        actor.require_admin()?;
        let mut errors = FieldErrors::new();
        let name = errors.check(validation::required_text("name", &new.name, NAME_MAX));
        let slug_source = if new.slug.trim().is_empty() {
            &new.name
        } else {
            &new.slug
        };
        let slug = slugify(slug_source);
        if slug.is_empty() {
            errors.add(ValidationError::new("slug", "Use letters or digits."));
        }
        let attributes = checked_attributes(new.attributes, &mut errors);
        let taken = custom_entity::Entity::find()
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .filter(custom_entity::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
            .is_some();
        if taken {
            errors.add(ValidationError::new(
                "slug",
                "Another entity has this slug.",
            ));
        }
        let (name, attributes) = errors.finish((|| Some((name?, attributes?)))())?;
        let now = Utc::now();
        Ok(custom_entity::ActiveModel {
            team_id: Set(actor.team_id),
            name: Set(name),
            slug: Set(slug),
            attributes: Set(stored(&attributes)?),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }

    /// Renames an entity and replaces its attribute list (admins only). The slug stays, since the
    /// API and integrations refer to it. Once records exist, an attribute keeps its type and the
    /// external id its attribute, so every stored record stays valid.
    pub async fn update(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
        changes: CustomEntityChanges,
    ) -> ServiceResult<custom_entity::Model> {
        actor.require_admin()?;
        let current = Self::find(db, actor, id).await?;
        let mut errors = FieldErrors::new();
        let name = errors.check(validation::required_text("name", &changes.name, NAME_MAX));
        let proposed = changes.attributes.clone();
        let attributes = checked_attributes(changes.attributes, &mut errors);
        let has_records = RecordService::count_of_entity(db, actor, id).await? > 0;
        if let Err(e) = check_definition_change(&definitions(&current), &proposed, has_records) {
            for (k, v) in e.0 {
                errors.add(ValidationError::new(k, v));
            }
        }
        let (name, attributes) = errors.finish((|| Some((name?, attributes?)))())?;
        let mut active: custom_entity::ActiveModel = current.into();
        active.name = Set(name);
        active.attributes = Set(stored(&attributes)?);
        active.updated_at = Set(Utc::now());
        Ok(active.update(db).await?)
    }

    /// Deletes an entity with all its records (admins only); conversations about those records
    /// stay, unlinked. Returns how many records went with it.
    pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: i64) -> ServiceResult<u64> {
        actor.require_admin()?;
        let entity = Self::find(db, actor, id).await?;
        let records = RecordService::count_of_entity(db, actor, entity.id).await?;
        custom_entity::Entity::delete_by_id(entity.id)
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .exec(db)
            .await?;
        Ok(records)
    }

    /// The team's entities as the settings page shows them (admins only).
    pub async fn views(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<Vec<CustomEntityView>> {
        actor.require_admin()?;
        let counts = RecordService::counts_by_entity(db, actor).await?;
        Ok(Self::list(db, actor)
            .await?
            .into_iter()
            .map(|e| CustomEntityView {
                attributes: definitions(&e),
                record_count: counts.get(&e.id).copied().unwrap_or(0),
                id: e.id,
                name: e.name,
                slug: e.slug,
            })
            .collect())
    }

    /// The team's entities by name.
    pub async fn list(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<Vec<custom_entity::Model>> {
        Ok(custom_entity::Entity::find()
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .order_by_asc(custom_entity::Column::Name)
            .all(db)
            .await?)
    }

    /// One of the team's entities.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<custom_entity::Model> {
        custom_entity::Entity::find_by_id(id)
            .filter(custom_entity::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }
}

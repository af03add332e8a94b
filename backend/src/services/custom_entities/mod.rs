//! Custom entities (admins define them) and their records (the REST API reads and writes them).

mod records;

pub use records::{ApiRecord, NewRecord, RecordQuery, RecordService, RecordUpdate};

use crate::actor::Actor;
use crate::entities::custom_entity;
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use model::FieldErrors;
use model::custom_entity::{AttributeDefinition, CustomEntityView, check_definitions};
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
        let attributes = match check_definitions(new.attributes) {
            Ok(a) => Some(a),
            Err(e) => {
                for (k, v) in e.0 {
                    errors.add(ValidationError::new(k, v));
                }
                None
            }
        };
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
        errors.into_result()?;
        let (Some(name), Some(attributes)) = (name, attributes) else {
            return Err(ServiceError::Internal("validated fields missing".into()));
        };
        let now = Utc::now();
        Ok(custom_entity::ActiveModel {
            team_id: Set(actor.team_id),
            name: Set(name),
            slug: Set(slug),
            attributes: Set(serde_json::to_value(attributes)
                .map_err(|e| ServiceError::Internal(e.to_string()))?),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }

    /// The team's entities as the settings page shows them (admins only).
    pub async fn views(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<Vec<CustomEntityView>> {
        actor.require_admin()?;
        Ok(Self::list(db, actor)
            .await?
            .into_iter()
            .map(|e| CustomEntityView {
                attributes: definitions(&e),
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

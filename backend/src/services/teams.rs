//! Teams, users and memberships.

use crate::actor::Actor;
use crate::auth::{SessionService, password};
use crate::entities::{team, team_member, user};
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use model::Role;
use model::team::TeamMember;
use model::validation::{self, EmailAddress, FieldErrors, NAME_MAX};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// Team and user management.
pub struct TeamService;

impl TeamService {
    /// Finds a team by slug.
    pub async fn find_by_slug(
        db: &DatabaseConnection,
        slug: &str,
    ) -> ServiceResult<Option<team::Model>> {
        Ok(team::Entity::find()
            .filter(team::Column::Slug.eq(slug))
            .one(db)
            .await?)
    }

    /// Returns the team with `slug`, creating it with `name` when missing.
    pub async fn ensure_team(
        db: &DatabaseConnection,
        name: &str,
        slug: &str,
    ) -> ServiceResult<team::Model> {
        let mut errors = FieldErrors::new();
        let name = errors.check(validation::required_text("name", name, NAME_MAX));
        let slug = errors.check(validation::team_slug("team", slug));
        errors.into_result()?;
        let (Some(name), Some(slug)) = (name, slug) else {
            return Err(ServiceError::Internal("unreachable".into()));
        };
        if let Some(t) = Self::find_by_slug(db, &slug).await? {
            return Ok(t);
        }
        Ok(team::ActiveModel {
            name: Set(name),
            slug: Set(slug),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }

    /// Finds a user by email (normalised).
    pub async fn find_user(
        db: &DatabaseConnection,
        email: &str,
    ) -> ServiceResult<Option<user::Model>> {
        let email = EmailAddress::parse("email", email)?;
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(db)
            .await?)
    }

    /// Creates a user, or sets the password of the existing user with that email (ending all
    /// their sessions: whoever knew the old password is signed out).
    pub async fn upsert_user(
        db: &DatabaseConnection,
        email: &str,
        name: &str,
        password_text: &str,
    ) -> ServiceResult<user::Model> {
        let mut errors = FieldErrors::new();
        let email = errors.check(EmailAddress::parse("email", email));
        let name = errors.check(validation::required_text("name", name, NAME_MAX));
        errors.check(validation::new_password("password", password_text));
        errors.into_result()?;
        let (Some(email), Some(name)) = (email, name) else {
            return Err(ServiceError::Internal("unreachable".into()));
        };
        let hash = password::hash(password_text.to_string()).await?;
        match user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
        {
            Some(existing) => {
                let txn = db.begin().await?;
                let mut active: user::ActiveModel = existing.into();
                active.password_hash = Set(hash);
                let user = active.update(&txn).await?;
                SessionService::end_all_of(&txn, user.id, None).await?;
                txn.commit().await?;
                Ok(user)
            }
            None => Ok(user::ActiveModel {
                email: Set(email.into_string()),
                name: Set(name),
                password_hash: Set(hash),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?),
        }
    }

    /// Makes `user_id` a member of `team_id` with `role` (updating the role if already a member).
    pub async fn set_membership(
        db: &DatabaseConnection,
        team_id: i64,
        user_id: i64,
        role: Role,
    ) -> ServiceResult<()> {
        let existing = team_member::Entity::find()
            .filter(team_member::Column::TeamId.eq(team_id))
            .filter(team_member::Column::UserId.eq(user_id))
            .one(db)
            .await?;
        match existing {
            Some(m) => {
                let mut active: team_member::ActiveModel = m.into();
                active.role = Set(role.as_str().to_string());
                active.update(db).await?;
            }
            None => {
                team_member::ActiveModel {
                    team_id: Set(team_id),
                    user_id: Set(user_id),
                    role: Set(role.as_str().to_string()),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
        Ok(())
    }

    /// The members of the actor's team (admins only).
    pub async fn members(db: &DatabaseConnection, actor: &Actor) -> ServiceResult<Vec<TeamMember>> {
        actor.require_admin()?;
        let members = team_member::Entity::find()
            .filter(team_member::Column::TeamId.eq(actor.team_id))
            .order_by_asc(team_member::Column::Id)
            .all(db)
            .await?;
        let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?;
        members
            .iter()
            .filter_map(|m| {
                let u = users.iter().find(|u| u.id == m.user_id)?;
                Some(m.role().map(|role| TeamMember {
                    user_id: u.id,
                    name: u.name.clone(),
                    email: u.email.clone(),
                    role,
                }))
            })
            .collect()
    }
}

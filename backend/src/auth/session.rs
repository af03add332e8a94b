//! Login sessions: a random token in an HttpOnly cookie, only its SHA-256 stored.

use crate::actor::Actor;
use crate::auth::secret::{random_secret, secret_hash};
use crate::auth::{LoginLimiter, password};
use crate::entities::{session, team, team_member, user};
use crate::error::{ServiceError, ServiceResult};
use chrono::{Duration, Utc};
use model::team::{TeamMembership, Viewer};
use model::validation::EmailAddress;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// How long a session lasts without use.
pub const SESSION_TTL_DAYS: i64 = 30;

/// A resolved session: the actor and the viewer the UI shows.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The session row's id.
    pub session_id: i64,
    /// Who acts, in which team.
    pub actor: Actor,
    /// What the UI shows about them.
    pub viewer: Viewer,
}

/// Login, logout, session lookup and team switching.
pub struct SessionService;

impl SessionService {
    /// Checks the credentials (rate-limited per account and `client_address`) and opens a session
    /// in the user's first team. Returns the cookie token.
    pub async fn login(
        db: &DatabaseConnection,
        limiter: &LoginLimiter,
        email: &str,
        password_text: &str,
        client_address: &str,
    ) -> ServiceResult<String> {
        if let Err(retry_after_secs) = limiter.check(email, client_address) {
            return Err(ServiceError::RateLimited { retry_after_secs });
        }
        // Over-long input is refused before the deliberately slow hash runs.
        if password_text.len() > 4 * model::validation::PASSWORD_MAX {
            limiter.record_failure(email, client_address);
            return Err(ServiceError::BadCredentials);
        }
        let normalized = EmailAddress::parse("email", email).ok();
        let found = match &normalized {
            Some(e) => {
                user::Entity::find()
                    .filter(user::Column::Email.eq(e.as_str()))
                    .one(db)
                    .await?
            }
            None => None,
        };
        let password_ok = password::verify(
            password_text.to_string(),
            found.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
        let Some(user) = found.filter(|_| password_ok) else {
            limiter.record_failure(email, client_address);
            return Err(ServiceError::BadCredentials);
        };
        let membership = team_member::Entity::find()
            .filter(team_member::Column::UserId.eq(user.id))
            .order_by_asc(team_member::Column::Id)
            .one(db)
            .await?
            .ok_or_else(|| {
                ServiceError::Forbidden("Your account does not belong to any team yet.".into())
            })?;
        limiter.record_success(email, client_address);
        let token = random_secret();
        let now = Utc::now();
        session::ActiveModel {
            token_hash: Set(secret_hash(&token)),
            user_id: Set(user.id),
            team_id: Set(membership.team_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + Duration::days(SESSION_TTL_DAYS)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(token)
    }

    /// Resolves a cookie token to the signed-in user, or `Unauthenticated` when it is unknown,
    /// expired, or the user no longer belongs to the session's team.
    pub async fn resolve(db: &DatabaseConnection, token: &str) -> ServiceResult<SignedIn> {
        if token.is_empty() || token.len() > 128 {
            return Err(ServiceError::Unauthenticated);
        }
        let row = session::Entity::find()
            .filter(session::Column::TokenHash.eq(secret_hash(token)))
            .one(db)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let now = Utc::now();
        if row.expires_at <= now {
            session::Entity::delete_by_id(row.id).exec(db).await?;
            return Err(ServiceError::Unauthenticated);
        }
        let user = user::Entity::find_by_id(row.user_id)
            .one(db)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let teams = Self::memberships(db, user.id).await?;
        let current = teams
            .iter()
            .find(|t| t.team_id == row.team_id)
            .cloned()
            .ok_or(ServiceError::Unauthenticated)?;
        // Sliding expiry, written at most once an hour to keep reads cheap.
        if now - row.last_seen_at > Duration::hours(1) {
            let mut active: session::ActiveModel = row.clone().into();
            active.last_seen_at = Set(now);
            active.expires_at = Set(now + Duration::days(SESSION_TTL_DAYS));
            active.update(db).await?;
        }
        Ok(SignedIn {
            session_id: row.id,
            actor: Actor {
                user_id: user.id,
                team_id: current.team_id,
                role: current.role,
            },
            viewer: Viewer {
                user_id: user.id,
                name: user.name,
                email: user.email,
                team: current,
                teams,
            },
        })
    }

    /// Every team the user belongs to, by name.
    pub async fn memberships(
        db: &DatabaseConnection,
        user_id: i64,
    ) -> ServiceResult<Vec<TeamMembership>> {
        let members = team_member::Entity::find()
            .filter(team_member::Column::UserId.eq(user_id))
            .all(db)
            .await?;
        let ids: Vec<i64> = members.iter().map(|m| m.team_id).collect();
        let teams = team::Entity::find()
            .filter(team::Column::Id.is_in(ids))
            .all(db)
            .await?;
        let mut out: Vec<TeamMembership> = members
            .iter()
            .filter_map(|m| {
                let t = teams.iter().find(|t| t.id == m.team_id)?;
                Some(m.role().map(|role| TeamMembership {
                    team_id: t.id,
                    team_name: t.name.clone(),
                    team_slug: t.slug.clone(),
                    role,
                }))
            })
            .collect::<ServiceResult<_>>()?;
        out.sort_by(|a, b| a.team_name.cmp(&b.team_name));
        Ok(out)
    }

    /// Ends the session (logout).
    pub async fn logout(db: &DatabaseConnection, token: &str) -> ServiceResult<()> {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(secret_hash(token)))
            .exec(db)
            .await?;
        Ok(())
    }

    /// Moves the session to another of the user's teams; another team's id is `NotFound`.
    pub async fn switch_team(
        db: &DatabaseConnection,
        signed_in: &SignedIn,
        team_id: i64,
    ) -> ServiceResult<()> {
        if !signed_in.viewer.teams.iter().any(|t| t.team_id == team_id) {
            return Err(ServiceError::NotFound);
        }
        let row = session::Entity::find_by_id(signed_in.session_id)
            .one(db)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let mut active: session::ActiveModel = row.into();
        active.team_id = Set(team_id);
        active.update(db).await?;
        Ok(())
    }
}

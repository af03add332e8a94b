//! Login sessions: a random token in an HttpOnly cookie, only its SHA-256 stored. A session ends
//! after [`SESSION_TTL_DAYS`] unused, after [`SESSION_MAX_DAYS`] whatever its use, when the user's
//! password changes ([`SessionService::end_all_of`]) and when they leave the session's team.

use crate::actor::Actor;
use crate::auth::secret::{random_secret, secret_hash};
use crate::auth::{LoginClient, device, password};
use crate::entities::{session, team, team_member, user};
use crate::error::{ServiceError, ServiceResult};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use model::team::{TeamMembership, Viewer};
use model::validation::EmailAddress;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// How long a session lasts without use.
pub const SESSION_TTL_DAYS: i64 = 30;

/// How long a session lasts at most, however often it is used.
pub const SESSION_MAX_DAYS: i64 = 90;

/// What a successful login gives the browser.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The session cookie's token.
    pub session_token: String,
    /// A device cookie for this account (see [`device`]).
    pub device_cookie: String,
}

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

/// Why a session is looked up: a request the user made, or a live stream checking that its
/// viewer may still watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionUse {
    /// A page, server function or form: the user is active, so the idle expiry slides.
    Request,
    /// A stream's periodic check: reads only, never extends the session.
    Watch,
}

/// Login, logout, session lookup and team switching.
pub struct SessionService;

impl SessionService {
    /// Checks the credentials and opens a session in the user's first team. The attempt is
    /// reserved with the limiter (per account, or per device for a browser holding a valid
    /// `device_cookie`, and per address) before the password is hashed.
    pub async fn login(
        state: &AppState,
        email: &str,
        password_text: &str,
        address: std::net::IpAddr,
        device_cookie: Option<&str>,
    ) -> ServiceResult<LoggedIn> {
        let db = &state.db;
        let client = LoginClient {
            device: device_cookie.and_then(|c| device::device_id(&state.secrets, c, email)),
            ..LoginClient::at(address)
        };
        let mut attempt = state
            .login_limiter
            .reserve(email, &client)
            .await
            .map_err(|refusal| ServiceError::RateLimited {
                retry_after_secs: refusal.retry_after_secs(),
            })?;
        // Over-long input is refused before the deliberately slow hash runs.
        if password_text.len() > 4 * model::validation::PASSWORD_MAX {
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
            attempt.hash_slot(),
        )
        .await;
        let Some(user) = found.filter(|_| password_ok) else {
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
        attempt.succeeded();
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
        Ok(LoggedIn {
            session_token: token,
            device_cookie: device::issue(&state.secrets, &user.email),
        })
    }

    /// Ends every session of `user_id` (their password changed), or only those in `team_id`
    /// (they left that team).
    pub async fn end_all_of<C: sea_orm::ConnectionTrait>(
        db: &C,
        user_id: i64,
        team_id: Option<i64>,
    ) -> ServiceResult<u64> {
        let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
        if let Some(team_id) = team_id {
            delete = delete.filter(session::Column::TeamId.eq(team_id));
        }
        Ok(delete.exec(db).await?.rows_affected)
    }

    /// Resolves a cookie token to the signed-in user for a request the user made (which slides
    /// the idle expiry), or `Unauthenticated` when it is unknown, expired (idle or past its
    /// absolute lifetime), or the user no longer belongs to the session's team; an expired or
    /// orphaned session is deleted.
    pub async fn resolve(db: &DatabaseConnection, token: &str) -> ServiceResult<SignedIn> {
        Self::resolve_at(db, token, Utc::now(), SessionUse::Request).await
    }

    /// [`resolve`](Self::resolve) as of `now`, for `purpose`: only a [`SessionUse::Request`]
    /// slides the idle expiry.
    pub async fn resolve_at(
        db: &DatabaseConnection,
        token: &str,
        now: DateTime<Utc>,
        purpose: SessionUse,
    ) -> ServiceResult<SignedIn> {
        if token.is_empty() || token.len() > 128 {
            return Err(ServiceError::Unauthenticated);
        }
        let row = session::Entity::find()
            .filter(session::Column::TokenHash.eq(secret_hash(token)))
            .one(db)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        if row.expires_at <= now || now - row.created_at >= Duration::days(SESSION_MAX_DAYS) {
            session::Entity::delete_by_id(row.id).exec(db).await?;
            return Err(ServiceError::Unauthenticated);
        }
        let user = user::Entity::find_by_id(row.user_id)
            .one(db)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let teams = Self::memberships(db, user.id).await?;
        let Some(current) = teams.iter().find(|t| t.team_id == row.team_id).cloned() else {
            // They left the team: the session ends with their membership.
            session::Entity::delete_by_id(row.id).exec(db).await?;
            return Err(ServiceError::Unauthenticated);
        };
        // Sliding expiry, written at most once an hour to keep reads cheap. A live stream's
        // check is not use: a tab left open on a locked screen must not keep a session alive.
        let slides = match purpose {
            SessionUse::Request => true,
            SessionUse::Watch => false,
        };
        if slides && now - row.last_seen_at > Duration::hours(1) {
            let mut active: session::ActiveModel = row.clone().into();
            active.last_seen_at = Set(now);
            active.expires_at = Set((now + Duration::days(SESSION_TTL_DAYS))
                .min(row.created_at + Duration::days(SESSION_MAX_DAYS)));
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
                live_after: None,
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

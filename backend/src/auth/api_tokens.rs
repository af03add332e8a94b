//! API tokens: `chl_<id>_<secret>`. The id makes lookup a primary-key read; only a SHA-256 of the
//! secret is stored and compared in constant time. A token acts as the user who created it, in the
//! one team it was created for, with that user's role at the time of each request.

use crate::actor::Actor;
use crate::auth::secret::{random_secret, secret_hash, secret_matches};
use crate::entities::{api_token, team, team_member, user};
use crate::error::{ServiceError, ServiceResult};
use chrono::{Duration, Utc};
use model::api_token::{API_TOKEN_NAME_MAX, API_TOKEN_PREFIX, ApiTokenView, NewApiTokenView};
use model::validation;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set, Statement,
};
use std::collections::HashMap;
use std::sync::OnceLock;

/// `last_used_at` is written at most this often per token, so reads stay reads.
const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// A request authenticated by an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenActor {
    /// The token's id (the rate limiter's key).
    pub token_id: i64,
    /// Who acts, in which team.
    pub actor: Actor,
    /// The team's data generation when the request was authenticated: anything cached under an
    /// older one is stale (see the `data_generation` migration).
    pub data_generation: i64,
}

/// What authentication reads: the token joined to its creator's membership.
#[derive(Debug, FromQueryResult)]
pub(crate) struct TokenRow {
    pub(crate) team_id: i64,
    pub(crate) user_id: i64,
    pub(crate) secret_hash: String,
    pub(crate) last_used_at: Option<chrono::DateTime<Utc>>,
    /// None when the creator is no longer a member of the team.
    pub(crate) role: Option<String>,
    pub(crate) data_generation: i64,
}

/// A token just created, with its plain value (shown once).
pub type CreatedApiToken = NewApiTokenView;

/// Creating, listing, revoking and checking API tokens.
pub struct ApiTokenService;

/// The SQL of authentication's one round trip, with the token id as its only parameter: the
/// token, unrevoked, with its creator's current membership if any and its team's data generation.
/// Built once per backend, since it runs on every REST request.
pub(crate) fn token_lookup_sql(backend: DbBackend) -> &'static str {
    static SQLITE: OnceLock<String> = OnceLock::new();
    static POSTGRES: OnceLock<String> = OnceLock::new();
    static MYSQL: OnceLock<String> = OnceLock::new();
    let cell = match backend {
        DbBackend::Sqlite => &SQLITE,
        DbBackend::Postgres => &POSTGRES,
        _ => &MYSQL,
    };
    cell.get_or_init(|| {
        let query = Query::select()
            .column((api_token::Entity, api_token::Column::TeamId))
            .column((api_token::Entity, api_token::Column::UserId))
            .column((api_token::Entity, api_token::Column::SecretHash))
            .column((api_token::Entity, api_token::Column::LastUsedAt))
            .column((team_member::Entity, team_member::Column::Role))
            .column((team::Entity, team::Column::DataGeneration))
            .from(api_token::Entity)
            .inner_join(
                team::Entity,
                Expr::col((team::Entity, team::Column::Id))
                    .equals((api_token::Entity, api_token::Column::TeamId)),
            )
            .left_join(
                team_member::Entity,
                Expr::col((team_member::Entity, team_member::Column::TeamId))
                    .equals((api_token::Entity, api_token::Column::TeamId))
                    .and(
                        Expr::col((team_member::Entity, team_member::Column::UserId))
                            .equals((api_token::Entity, api_token::Column::UserId)),
                    ),
            )
            // The one parameter; its value is bound per request.
            .and_where(Expr::col((api_token::Entity, api_token::Column::Id)).eq(0i64))
            .and_where(Expr::col((api_token::Entity, api_token::Column::RevokedAt)).is_null())
            .to_owned();
        backend.build(&query).sql
    })
}

/// Splits `chl_<id>_<secret>` into id and secret; anything else is `None`.
pub(crate) fn parse_token(presented: &str) -> Option<(i64, &str)> {
    let rest = presented.strip_prefix(API_TOKEN_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if secret.is_empty() || secret.len() > 64 {
        return None;
    }
    Some((id.parse().ok()?, secret))
}

/// The listed form of `rows`, with their creators' names (one query for all of them).
async fn views(
    db: &DatabaseConnection,
    rows: &[api_token::Model],
) -> ServiceResult<Vec<ApiTokenView>> {
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .iter()
        .map(|row| ApiTokenView {
            id: row.id,
            name: row.name.clone(),
            created_by: names.get(&row.user_id).cloned().unwrap_or_default(),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        })
        .collect())
}

impl ApiTokenService {
    /// Creates a token acting as `actor`'s user in `team_id` (the actor's own team when `None`),
    /// with the role the user has there (read at every request). Any member may; the user must
    /// belong to the team chosen, or it is a `team_id` field error.
    pub async fn create(
        db: &DatabaseConnection,
        actor: &Actor,
        team_id: Option<i64>,
        name: &str,
    ) -> ServiceResult<CreatedApiToken> {
        let team_id = team_id.unwrap_or(actor.team_id);
        let member = team_member::Entity::find()
            .filter(team_member::Column::TeamId.eq(team_id))
            .filter(team_member::Column::UserId.eq(actor.user_id))
            .one(db)
            .await?;
        if member.is_none() {
            return Err(ServiceError::invalid(
                "team_id",
                "You are not a member of this team.",
            ));
        }
        Self::create_for(db, team_id, actor.user_id, name).await
    }

    /// Creates a token for `user_id` in `team_id` (the CLI's door); the user must be a member.
    pub async fn create_for(
        db: &DatabaseConnection,
        team_id: i64,
        user_id: i64,
        name: &str,
    ) -> ServiceResult<CreatedApiToken> {
        let name = validation::required_text("name", name, API_TOKEN_NAME_MAX)?;
        let member = team_member::Entity::find()
            .filter(team_member::Column::TeamId.eq(team_id))
            .filter(team_member::Column::UserId.eq(user_id))
            .one(db)
            .await?;
        if member.is_none() {
            return Err(ServiceError::invalid(
                "email",
                "This user is not a member of the team.",
            ));
        }
        let secret = random_secret();
        let row = api_token::ActiveModel {
            team_id: Set(team_id),
            user_id: Set(user_id),
            name: Set(name),
            secret_hash: Set(secret_hash(&secret)),
            created_at: Set(Utc::now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(NewApiTokenView {
            token: views(db, std::slice::from_ref(&row))
                .await?
                .pop()
                .ok_or_else(|| ServiceError::Internal("created token not listed".into()))?,
            plain: format!("{API_TOKEN_PREFIX}{}_{secret}", row.id),
        })
    }

    /// The team's active tokens, newest first: every one for an admin, an agent's own for an
    /// agent.
    pub async fn list(db: &DatabaseConnection, actor: &Actor) -> ServiceResult<Vec<ApiTokenView>> {
        let mut query = api_token::Entity::find()
            .filter(api_token::Column::TeamId.eq(actor.team_id))
            .filter(api_token::Column::RevokedAt.is_null());
        if !actor.is_admin() {
            query = query.filter(api_token::Column::UserId.eq(actor.user_id));
        }
        let rows = query
            .order_by_desc(api_token::Column::CreatedAt)
            .order_by_desc(api_token::Column::Id)
            .all(db)
            .await?;
        views(db, &rows).await
    }

    /// Revokes one of the team's tokens: any for an admin, their own for an agent; another
    /// team's token, or for an agent another member's, is `NotFound`.
    pub async fn revoke(db: &DatabaseConnection, actor: &Actor, id: i64) -> ServiceResult<()> {
        let row = api_token::Entity::find_by_id(id)
            .filter(api_token::Column::TeamId.eq(actor.team_id))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(db)
            .await?
            .filter(|t| actor.is_admin() || t.user_id == actor.user_id)
            .ok_or(ServiceError::NotFound)?;
        Self::mark_revoked(db, row).await
    }

    /// Revokes a token by id whatever its team (the operator's CLI door).
    pub async fn revoke_by_id(db: &DatabaseConnection, id: i64) -> ServiceResult<()> {
        let row = api_token::Entity::find_by_id(id)
            .filter(api_token::Column::RevokedAt.is_null())
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Self::mark_revoked(db, row).await
    }

    async fn mark_revoked(db: &DatabaseConnection, row: api_token::Model) -> ServiceResult<()> {
        let mut active: api_token::ActiveModel = row.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(db).await?;
        Ok(())
    }

    /// Resolves a presented bearer token to who it acts as. Unknown, malformed or revoked tokens,
    /// and tokens whose user has left the team, are `Unauthenticated`.
    pub async fn authenticate(
        db: &DatabaseConnection,
        presented: &str,
    ) -> ServiceResult<TokenActor> {
        let (id, secret) = parse_token(presented).ok_or(ServiceError::Unauthenticated)?;
        let backend = db.get_database_backend();
        let lookup =
            Statement::from_sql_and_values(backend, token_lookup_sql(backend), [id.into()]);
        let row = TokenRow::find_by_statement(lookup).one(db).await?;
        Self::admit(db, id, secret, row).await
    }

    /// Decides on a presented token once its row (unrevoked, see [`token_lookup_sql`]) has been
    /// read, and notes its use.
    pub(crate) async fn admit(
        db: &DatabaseConnection,
        id: i64,
        secret: &str,
        row: Option<TokenRow>,
    ) -> ServiceResult<TokenActor> {
        let row = row.ok_or(ServiceError::Unauthenticated)?;
        if !secret_matches(secret, &row.secret_hash) {
            return Err(ServiceError::Unauthenticated);
        }
        // Only a caller holding the real secret learns that the token exists but lost its team.
        let Some(role) = row.role else {
            return Err(ServiceError::TeamAccessDenied);
        };
        let now = Utc::now();
        let stale = row
            .last_used_at
            .is_none_or(|t| now - t > Duration::seconds(LAST_USED_RESOLUTION_SECS));
        let actor = Actor {
            user_id: row.user_id,
            team_id: row.team_id,
            role: crate::entities::read_vocabulary("team_members.role", &role)?,
        };
        if stale {
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
                .filter(api_token::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        Ok(TokenActor {
            token_id: id,
            actor,
            data_generation: row.data_generation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_token;

    #[test]
    fn tokens_parse_into_id_and_secret_even_when_the_secret_has_underscores() {
        assert_eq!(parse_token("chl_12_ab_c-d"), Some((12, "ab_c-d")));
    }

    #[test]
    fn malformed_tokens_do_not_parse() {
        for bad in [
            "",
            "chl_",
            "chl_12",
            "chl_12_",
            "chl__secret",
            "chl_x1_secret",
            "xyz_12_secret",
            "chl_-1_secret",
            "chl_99999999999999999999_secret",
        ] {
            assert_eq!(parse_token(bad), None, "{bad}");
        }
    }
}

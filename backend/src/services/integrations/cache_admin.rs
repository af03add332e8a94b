//! Admins' view of an integration's cached answers (per replica, like the cache): how many are
//! kept and how often they served since the process started, and clearing them — all of them,
//! or the ones a contact's cards would read (with no conversation and with each of theirs).

use super::IntegrationService;
use super::call::{OutboundCall, prepare};
use super::runner::{Refresh, RunRequest};
use super::subject::values_for;
use crate::actor::Actor;
use crate::entities::conversation;
use crate::error::{ServiceError, ServiceResult};
use crate::services::contacts::ContactService;
use crate::state::AppState;
use model::integration::view::CacheUsage;
use model::integration::{Prepared, RunTrigger};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

impl IntegrationService {
    /// How integration `id`'s answers are kept on this replica (admins only).
    pub async fn cache_usage(
        state: &AppState,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<CacheUsage> {
        let open = Self::find(state, actor, id).await?;
        Ok(state.integration_cache.usage(open.row.id).await)
    }

    /// Forgets integration `id`'s kept answers on this replica — all of them, or contact
    /// `contact_id`'s — and returns how many there were (admins only). Another team's contact is
    /// a `contact_id` field error.
    pub async fn clear_cache(
        state: &AppState,
        actor: &Actor,
        id: i64,
        contact_id: Option<i64>,
    ) -> ServiceResult<u64> {
        let open = Self::find(state, actor, id).await?;
        let cache = &state.integration_cache;
        let Some(contact_id) = contact_id else {
            return Ok(cache.clear(open.row.id, None).await);
        };
        let contact = ContactService::find(&state.db, actor, contact_id)
            .await
            .map_err(|e| match e {
                ServiceError::NotFound => {
                    ServiceError::invalid("contact_id", "No such contact in this team.")
                }
                other => other,
            })?;
        let conversations: Vec<i64> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::ContactId.eq(contact.id))
            .into_tuple()
            .all(&state.db)
            .await?;
        let mut requests = Vec::new();
        for conversation_id in std::iter::once(None).chain(conversations.into_iter().map(Some)) {
            let request = RunRequest {
                contact_id: contact.id,
                conversation_id,
                inbox_id: None,
                refresh: Refresh::No,
                trigger: RunTrigger::Profile,
            };
            let values = values_for(state, actor, &request.about()).await?;
            if let Ok(Prepared::Ready(ready)) = prepare(&open, &values) {
                requests.push(OutboundCall::new(&open, ready).hash());
            }
        }
        Ok(cache.clear(open.row.id, Some(&requests)).await)
    }
}

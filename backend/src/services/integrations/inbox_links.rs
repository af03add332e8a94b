//! Which integrations each inbox runs, switched on or off per inbox, in display order.

use crate::actor::Actor;
use crate::entities::{inbox_integration, integration};
use crate::error::{ServiceError, ServiceResult};
use crate::services::inboxes::InboxService;
use model::integration::view::InboxChoice;
pub use model::integration::view::InboxIntegration;
use model::{FieldErrors, ValidationError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// One entry of an inbox's new integration list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxLink {
    /// One of the team's integrations.
    pub integration_id: i64,
    /// Runs in this inbox.
    pub enabled: bool,
}

/// Which integrations run in which inbox (the `inbox_integrations` links).
pub struct InboxLinkService;

impl InboxLinkService {
    /// Replaces an inbox's integrations with `list`, in that display order (admins only). Unknown
    /// or repeated integrations are refused by position (`integrations.2.integration_id`), and
    /// nothing is changed then.
    pub async fn set_for_inbox(
        db: &DatabaseConnection,
        actor: &Actor,
        inbox_id: i64,
        list: &[InboxLink],
    ) -> ServiceResult<Vec<InboxIntegration>> {
        actor.require_admin()?;
        InboxService::find(db, actor, inbox_id).await?;
        let known: HashSet<i64> = integration::Entity::find()
            .filter(integration::Column::TeamId.eq(actor.team_id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        let mut errors = FieldErrors::new();
        let mut seen = HashSet::new();
        for (i, a) in list.iter().enumerate() {
            let field = format!("integrations.{i}.integration_id");
            if !known.contains(&a.integration_id) {
                errors.add(ValidationError::new(
                    field,
                    "No such integration in this team.",
                ));
            } else if !seen.insert(a.integration_id) {
                errors.add(ValidationError::new(field, "Listed twice."));
            }
        }
        errors.into_result()?;
        let txn = db.begin().await?;
        inbox_integration::Entity::delete_many()
            .filter(inbox_integration::Column::TeamId.eq(actor.team_id))
            .filter(inbox_integration::Column::InboxId.eq(inbox_id))
            .exec(&txn)
            .await?;
        for (position, a) in list.iter().enumerate() {
            inbox_integration::ActiveModel {
                team_id: Set(actor.team_id),
                inbox_id: Set(inbox_id),
                integration_id: Set(a.integration_id),
                enabled: Set(a.enabled),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        Self::of_inbox(db, actor, inbox_id).await
    }

    /// Attaches one integration to (or detaches it from) each of the team's inboxes named in
    /// `inboxes`, keeping the other integrations' order; a newly attached one goes last (admins
    /// only). Used by the integration editor's Inboxes tab.
    pub async fn set_for_integration(
        db: &DatabaseConnection,
        actor: &Actor,
        integration_id: i64,
        inboxes: &[(i64, Option<bool>)],
    ) -> ServiceResult<()> {
        actor.require_admin()?;
        integration::Entity::find_by_id(integration_id)
            .filter(integration::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        for (inbox_id, wanted) in inboxes {
            let mut list: Vec<InboxLink> = Self::of_inbox(db, actor, *inbox_id)
                .await?
                .into_iter()
                .map(|a| InboxLink {
                    integration_id: a.integration_id,
                    enabled: a.enabled,
                })
                .collect();
            match (
                list.iter().position(|a| a.integration_id == integration_id),
                wanted,
            ) {
                (Some(i), None) => {
                    list.remove(i);
                }
                (Some(i), Some(enabled)) => list[i].enabled = *enabled,
                (None, Some(enabled)) => list.push(InboxLink {
                    integration_id,
                    enabled: *enabled,
                }),
                (None, None) => continue,
            }
            Self::set_for_inbox(db, actor, *inbox_id, &list).await?;
        }
        Ok(())
    }

    /// An inbox's integrations in display order (any member may read it).
    pub async fn of_inbox(
        db: &DatabaseConnection,
        actor: &Actor,
        inbox_id: i64,
    ) -> ServiceResult<Vec<InboxIntegration>> {
        InboxService::find(db, actor, inbox_id).await?;
        let rows = attached(db, actor.team_id, Some(inbox_id)).await?;
        Ok(rows
            .into_iter()
            .map(|(link, i)| InboxIntegration {
                integration_id: i.id,
                name: i.name,
                enabled: link.enabled,
                is_active: i.is_active,
                position: u32::try_from(link.position).unwrap_or(0),
            })
            .collect())
    }
}

/// Every inbox of the team, with whether `integration_id` is attached and enabled there (admins
/// only; `None` for an integration not saved yet).
pub async fn choices(
    db: &DatabaseConnection,
    actor: &Actor,
    integration_id: Option<i64>,
) -> ServiceResult<Vec<InboxChoice>> {
    actor.require_admin()?;
    let links: HashMap<i64, bool> = match integration_id {
        Some(id) => inbox_integration::Entity::find()
            .filter(inbox_integration::Column::TeamId.eq(actor.team_id))
            .filter(inbox_integration::Column::IntegrationId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| (l.inbox_id, l.enabled))
            .collect(),
        None => HashMap::new(),
    };
    Ok(crate::entities::inbox::Entity::find()
        .filter(crate::entities::inbox::Column::TeamId.eq(actor.team_id))
        .order_by_asc(crate::entities::inbox::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InboxChoice {
            attached: links.contains_key(&i.id),
            enabled: links.get(&i.id).copied().unwrap_or(false),
            inbox_id: i.id,
            name: i.name,
        })
        .collect())
}

/// The attachments of one inbox (or of every inbox) of `team_id`, with their integrations, by
/// inbox then position — one query (every profile sheet reads it).
pub(crate) async fn attached(
    db: &impl ConnectionTrait,
    team_id: i64,
    inbox_id: Option<i64>,
) -> ServiceResult<Vec<(inbox_integration::Model, integration::Model)>> {
    let its_integration = inbox_integration::Entity::belongs_to(integration::Entity)
        .from(inbox_integration::Column::IntegrationId)
        .to(integration::Column::Id)
        .into();
    let mut links = inbox_integration::Entity::find()
        .filter(inbox_integration::Column::TeamId.eq(team_id))
        .order_by_asc(inbox_integration::Column::InboxId)
        .order_by_asc(inbox_integration::Column::Position);
    if let Some(id) = inbox_id {
        links = links.filter(inbox_integration::Column::InboxId.eq(id));
    }
    Ok(links
        .select_also(integration::Entity)
        .join(JoinType::InnerJoin, its_integration)
        .filter(integration::Column::TeamId.eq(team_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(link, integration)| integration.map(|i| (link, i)))
        .collect())
}

/// The inboxes each of the team's integrations is attached to.
pub(crate) async fn inboxes_by_integration(
    db: &DatabaseConnection,
    actor: &Actor,
) -> ServiceResult<HashMap<i64, Vec<i64>>> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    for link in inbox_integration::Entity::find()
        .filter(inbox_integration::Column::TeamId.eq(actor.team_id))
        .order_by_asc(inbox_integration::Column::InboxId)
        .all(db)
        .await?
    {
        map.entry(link.integration_id)
            .or_default()
            .push(link.inbox_id);
    }
    Ok(map)
}

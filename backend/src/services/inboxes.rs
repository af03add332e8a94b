//! Inboxes and their channels.

use crate::actor::Actor;
use crate::entities::{conversation, inbox, inbox_channel};
use crate::error::{ServiceError, ServiceResult};
use crate::services::{Listed, Window, oldest_first};
use chrono::Utc;
use model::conversation::InboxSummary;
use model::{ChannelType, InboxType};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// Inbox queries and mutations.
pub struct InboxService;

impl InboxService {
    /// The team's inboxes by name, each with its count of unread open conversations.
    pub async fn list_with_unread(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<Vec<InboxSummary>> {
        let inboxes = inbox::Entity::find()
            .filter(inbox::Column::TeamId.eq(actor.team_id))
            .order_by_asc(inbox::Column::Name)
            .all(db)
            .await?;
        let counts: Vec<(i64, i64)> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::InboxId)
            .column_as(Expr::col(conversation::Column::Id).count(), "unread")
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::IsRead.eq(false))
            .filter(conversation::Column::IsArchived.eq(false))
            .group_by(conversation::Column::InboxId)
            .into_tuple()
            .all(db)
            .await?;
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        inboxes
            .into_iter()
            .map(|i| {
                Ok(InboxSummary {
                    unread: u64::try_from(counts.get(&i.id).copied().unwrap_or(0)).unwrap_or(0),
                    inbox_type: i.inbox_type()?,
                    id: i.id,
                    name: i.name,
                })
            })
            .collect()
    }

    /// Creates an inbox with the given active channels (used by the demo and the CLI; the settings
    /// screens arrive with the API issue).
    pub async fn create(
        db: &DatabaseConnection,
        team_id: i64,
        name: &str,
        inbox_type: InboxType,
        channels: &[ChannelType],
    ) -> ServiceResult<inbox::Model> {
        let now = Utc::now();
        let created = inbox::ActiveModel {
            team_id: Set(team_id),
            name: Set(name.to_string()),
            inbox_type: Set(inbox_type.as_str().to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for channel in channels {
            inbox_channel::ActiveModel {
                team_id: Set(team_id),
                inbox_id: Set(created.id),
                channel_type: Set(channel.as_str().to_string()),
                name: Set(format!("{} {}", name, channel.label())),
                is_active: Set(true),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        Ok(created)
    }

    /// The active channels of an inbox (already known to be the actor's).
    pub async fn active_channels(
        db: &DatabaseConnection,
        team_id: i64,
        inbox_id: i64,
    ) -> ServiceResult<Vec<inbox_channel::Model>> {
        Ok(inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(team_id))
            .filter(inbox_channel::Column::InboxId.eq(inbox_id))
            .filter(inbox_channel::Column::IsActive.eq(true))
            .order_by_asc(inbox_channel::Column::Id)
            .all(db)
            .await?)
    }

    /// Every channel of an inbox (already known to be the team's), oldest first.
    pub async fn channels_of(
        db: &DatabaseConnection,
        team_id: i64,
        inbox_id: i64,
    ) -> ServiceResult<Vec<inbox_channel::Model>> {
        Ok(inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(team_id))
            .filter(inbox_channel::Column::InboxId.eq(inbox_id))
            .order_by_asc(inbox_channel::Column::Id)
            .all(db)
            .await?)
    }

    /// The team's inboxes, oldest first (`created_at`, then `id`).
    pub async fn list(
        db: &DatabaseConnection,
        actor: &Actor,
        window: Window,
    ) -> ServiceResult<Listed<inbox::Model>> {
        let select = inbox::Entity::find().filter(inbox::Column::TeamId.eq(actor.team_id));
        oldest_first(
            db,
            select,
            (inbox::Column::CreatedAt, inbox::Column::Id),
            window,
        )
        .await
    }

    /// One of the team's inboxes.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<inbox::Model> {
        inbox::Entity::find_by_id(id)
            .filter(inbox::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Every channel of one of the team's inboxes, active or not.
    pub async fn channels(
        db: &DatabaseConnection,
        actor: &Actor,
        inbox_id: i64,
    ) -> ServiceResult<Vec<inbox_channel::Model>> {
        Self::channels_of(db, actor.team_id, inbox_id).await
    }
}

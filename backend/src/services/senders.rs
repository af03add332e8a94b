//! Who wrote each message: users, contacts and agents resolved in three batched queries.

use crate::entities::{agent, contact, message, user};
use crate::error::ServiceResult;
use model::SenderType;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// A message's sender as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// `user`, `contact` or `agent`.
    pub sender_type: SenderType,
    /// The sender's id, when known.
    pub id: Option<i64>,
    /// Display name ("Team member" / "Contact" / "Bot" when the row is gone).
    pub name: String,
    /// Email, for users and contacts that have one.
    pub email: Option<String>,
}

fn ids_of(messages: &[message::Model], kind: SenderType) -> Vec<i64> {
    let mut ids: Vec<i64> = messages
        .iter()
        .filter(|m| m.sender_type == kind.as_str())
        .filter_map(|m| m.sender_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The sender of every message in `messages` (all of team `team_id`), keyed by message id.
pub async fn resolve(
    db: &DatabaseConnection,
    team_id: i64,
    messages: &[message::Model],
) -> ServiceResult<HashMap<i64, Sender>> {
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids_of(messages, SenderType::User)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let contacts: HashMap<i64, contact::Model> = contact::Entity::find()
        .filter(contact::Column::TeamId.eq(team_id))
        .filter(contact::Column::Id.is_in(ids_of(messages, SenderType::Contact)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let agents: HashMap<i64, agent::Model> = agent::Entity::find()
        .filter(agent::Column::TeamId.eq(team_id))
        .filter(agent::Column::Id.is_in(ids_of(messages, SenderType::Agent)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    messages
        .iter()
        .map(|m| {
            let sender_type = m.sender_type()?;
            let (name, email) = match sender_type {
                SenderType::User => m.sender_id.and_then(|id| users.get(&id)).map_or_else(
                    || ("Team member".to_string(), None),
                    |u| (u.name.clone(), Some(u.email.clone())),
                ),
                SenderType::Contact => m.sender_id.and_then(|id| contacts.get(&id)).map_or_else(
                    || ("Contact".to_string(), None),
                    |c| (c.name.clone(), c.email.clone()),
                ),
                SenderType::Agent => m
                    .sender_id
                    .and_then(|id| agents.get(&id))
                    .map_or_else(|| ("Bot".to_string(), None), |a| (a.name.clone(), None)),
            };
            Ok((
                m.id,
                Sender {
                    sender_type,
                    id: m.sender_id,
                    name,
                    email,
                },
            ))
        })
        .collect()
}

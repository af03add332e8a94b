//! The `conversations` table.

use sea_orm::entity::prelude::*;

/// One row of `conversations`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub team_id: i64,
    pub inbox_id: i64,
    pub contact_id: Option<i64>,
    /// The record an entity inbox's conversation is about.
    pub custom_entity_record_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub subject: String,
    pub status: String,
    pub is_read: bool,
    pub is_archived: bool,
    pub is_starred: bool,
    pub last_message_at: Option<DateTimeUtc>,
    /// The latest visit an API client or chat widget sent (a [`model::visitor::Visitor`]).
    pub visitor: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The latest visit sent with it; nothing known when none was, or when the stored value is
    /// not one (it is only ever written from a checked [`model::visitor::Visitor`]).
    pub fn visit(&self) -> model::visitor::Visitor {
        self.visitor
            .clone()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }
}

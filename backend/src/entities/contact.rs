//! The `contacts` table.

use sea_orm::entity::prelude::*;

/// One row of `contacts`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub team_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub custom_attributes: Json,
    pub last_ip: Option<String>,
    pub last_page_url: Option<String>,
    pub last_user_agent: Option<String>,
    pub last_referrer: Option<String>,
    pub last_location: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The contact's last visit, as its `last_*` columns keep it.
    pub fn last_visit(&self) -> model::visitor::Visitor {
        model::visitor::Visitor {
            ip: self.last_ip.clone(),
            page_url: self.last_page_url.clone(),
            referrer: self.last_referrer.clone(),
            user_agent: self.last_user_agent.clone(),
            location: self.last_location.clone(),
        }
    }
}

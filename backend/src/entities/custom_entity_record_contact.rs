//! The `custom_entity_record_contacts` table: contacts linked to a record.

use sea_orm::entity::prelude::*;

/// One link.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_entity_record_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub custom_entity_record_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_id: i64,
    pub team_id: i64,
}

/// No relations are declared: services join explicitly, always filtering by team.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

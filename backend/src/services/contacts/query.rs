//! Contact reads: the UI's search and profile sheet, and the API's list and lookup.

use super::{ContactFilter, ContactService, summary};
use crate::actor::Actor;
use crate::entities::{contact, conversation};
use crate::error::{ServiceError, ServiceResult};
use crate::services::{Listed, Window, like_pattern, oldest_first};
use model::contact::{ContactConversation, ContactProfile, ContactSummary};
use model::page::{Page, offset_for};
use model::validation::{self, SEARCH_MAX};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// Rows per page in the contact list.
pub const CONTACTS_PER_PAGE: u64 = 50;
/// How many contacts the editor's list of attribute keys is read from (the latest changed).
pub const ATTRIBUTE_KEYS_SAMPLE: u64 = 1_000;
/// Conversations listed on the profile sheet.
pub const PROFILE_RECENT_CONVERSATIONS: u64 = 10;

impl ContactService {
    /// Contacts whose name, email or phone contains `query` (case-insensitive), by name.
    pub async fn search(
        db: &DatabaseConnection,
        actor: &Actor,
        query: &str,
        page: u64,
    ) -> ServiceResult<Page<ContactSummary>> {
        let query = validation::optional_text("q", query, SEARCH_MAX)?.unwrap_or_default();
        let mut select = contact::Entity::find().filter(contact::Column::TeamId.eq(actor.team_id));
        if !query.is_empty() {
            let mut any = Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(contact::Column::Name)))
                        .like(like_pattern(&query.to_lowercase())),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(contact::Column::Email)))
                        .like(like_pattern(&query.to_lowercase())),
                );
            let digits: String = query.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 3 {
                any = any.add(contact::Column::Phone.like(like_pattern(&digits)));
            }
            select = select.filter(any);
        }
        let total = select.clone().count(db).await?;
        let page = Ord::max(page, 1);
        let rows = select
            .order_by_asc(contact::Column::Name)
            .order_by_asc(contact::Column::Id)
            .offset(offset_for(page, CONTACTS_PER_PAGE))
            .limit(CONTACTS_PER_PAGE)
            .all(db)
            .await?;
        Ok(Page {
            items: rows.iter().map(summary).collect(),
            page,
            per_page: CONTACTS_PER_PAGE,
            total,
        })
    }

    /// Everything the profile sheet shows.
    pub async fn profile(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<ContactProfile> {
        let c = contact::Entity::find_by_id(id)
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let recent = conversation::Entity::find()
            .filter(conversation::Column::TeamId.eq(actor.team_id))
            .filter(conversation::Column::ContactId.eq(c.id))
            .order_by_desc(conversation::Column::LastMessageAt)
            .order_by_desc(conversation::Column::Id)
            .limit(PROFILE_RECENT_CONVERSATIONS)
            .all(db)
            .await?;
        let custom_attributes = match &c.custom_attributes {
            serde_json::Value::Object(map) => {
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            _ => Vec::new(),
        };
        Ok(ContactProfile {
            contact: summary(&c),
            custom_attributes,
            visitor: c.last_visit(),
            created_at: c.created_at,
            recent_conversations: recent
                .into_iter()
                .map(|r| {
                    Ok(ContactConversation {
                        status: r.status()?,
                        id: r.id,
                        subject: r.subject,
                        last_message_at: r.last_message_at,
                    })
                })
                .collect::<ServiceResult<_>>()?,
        })
    }

    /// The custom-attribute keys of the team's contacts, sorted, read from the most recently
    /// changed [`ATTRIBUTE_KEYS_SAMPLE`] contacts (the editor lists them as variables).
    pub async fn attribute_keys(
        db: &DatabaseConnection,
        actor: &Actor,
    ) -> ServiceResult<Vec<String>> {
        let rows: Vec<serde_json::Value> = contact::Entity::find()
            .select_only()
            .column(contact::Column::CustomAttributes)
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .order_by_desc(contact::Column::UpdatedAt)
            .limit(ATTRIBUTE_KEYS_SAMPLE)
            .into_tuple()
            .all(db)
            .await?;
        let keys: std::collections::BTreeSet<String> = rows
            .iter()
            .filter_map(serde_json::Value::as_object)
            .flat_map(|attributes| attributes.keys().cloned())
            .collect();
        Ok(keys.into_iter().collect())
    }

    /// One of the team's contacts.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<contact::Model> {
        contact::Entity::find_by_id(id)
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The team's contacts matching `filter`, oldest first (`created_at`, then `id`), so polling with
    /// `created_after` and paging never skip or repeat a row.
    pub async fn list(
        db: &DatabaseConnection,
        actor: &Actor,
        filter: &ContactFilter,
        window: Window,
    ) -> ServiceResult<Listed<contact::Model>> {
        let mut select = contact::Entity::find().filter(contact::Column::TeamId.eq(actor.team_id));
        if let Some(after) = filter.created_after {
            select = select.filter(contact::Column::CreatedAt.gt(after));
        }
        if let Some(email) = &filter.email {
            select = select.filter(contact::Column::Email.eq(email.as_str()));
        }
        if let Some(phone) = &filter.phone_number {
            select = select.filter(contact::Column::Phone.eq(phone.as_str()));
        }
        oldest_first(
            db,
            select,
            (contact::Column::CreatedAt, contact::Column::Id),
            window,
        )
        .await
    }
}

//! Contacts: search, profile, creation.

use crate::actor::Actor;
use crate::entities::{contact, conversation};
use crate::error::{ServiceError, ServiceResult};
use crate::services::like_pattern;
use chrono::Utc;
use model::ConversationStatus;
use model::contact::{ContactConversation, ContactProfile, ContactSummary, VisitorInfo};
use model::page::{Page, offset_for};
use model::validation::{self, EmailAddress, FieldErrors, NAME_MAX, PhoneNumber, SEARCH_MAX};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Rows per page in the contact list.
pub const CONTACTS_PER_PAGE: u64 = 50;
/// Conversations listed on the profile sheet.
pub const PROFILE_RECENT_CONVERSATIONS: u64 = 10;

/// Contact queries and mutations.
pub struct ContactService;

/// A new contact's fields, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Name (required).
    pub name: String,
    /// Email (optional, unique per team).
    pub email: String,
    /// Phone in international format (optional, unique per team).
    pub phone: String,
    /// Custom attributes (a JSON object).
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Visitor metadata.
    pub visitor: VisitorInfo,
}

fn summary(c: &contact::Model) -> ContactSummary {
    ContactSummary {
        id: c.id,
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
    }
}

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
            visitor: VisitorInfo {
                ip: c.last_ip.clone(),
                page_url: c.last_page_url.clone(),
                user_agent: c.last_user_agent.clone(),
            },
            created_at: c.created_at,
            recent_conversations: recent
                .into_iter()
                .map(|r| ContactConversation {
                    id: r.id,
                    subject: r.subject,
                    status: r.status.parse().unwrap_or(ConversationStatus::Active),
                    last_message_at: r.last_message_at,
                })
                .collect(),
        })
    }

    /// Creates a contact after validating every field; duplicates of email or phone in the team are
    /// field errors.
    pub async fn create(
        db: &DatabaseConnection,
        team_id: i64,
        new: NewContact,
    ) -> ServiceResult<contact::Model> {
        let mut errors = FieldErrors::new();
        let name = errors.check(validation::required_text("name", &new.name, NAME_MAX));
        let email = if new.email.trim().is_empty() {
            None
        } else {
            errors.check(EmailAddress::parse("email", &new.email))
        };
        let phone = if new.phone.trim().is_empty() {
            None
        } else {
            errors.check(PhoneNumber::parse("phone", &new.phone))
        };
        if let Some(e) = &email {
            let taken = contact::Entity::find()
                .filter(contact::Column::TeamId.eq(team_id))
                .filter(contact::Column::Email.eq(e.as_str()))
                .count(db)
                .await?;
            if taken > 0 {
                errors.add(validation::ValidationError::new(
                    "email",
                    "A contact with this email already exists.",
                ));
            }
        }
        if let Some(p) = &phone {
            let taken = contact::Entity::find()
                .filter(contact::Column::TeamId.eq(team_id))
                .filter(contact::Column::Phone.eq(p.as_str()))
                .count(db)
                .await?;
            if taken > 0 {
                errors.add(validation::ValidationError::new(
                    "phone",
                    "A contact with this phone number already exists.",
                ));
            }
        }
        errors.into_result()?;
        let now = Utc::now();
        Ok(contact::ActiveModel {
            team_id: Set(team_id),
            name: Set(name.unwrap_or_default()),
            email: Set(email.map(EmailAddress::into_string)),
            phone: Set(phone.map(PhoneNumber::into_string)),
            custom_attributes: Set(serde_json::Value::Object(new.custom_attributes)),
            last_ip: Set(new.visitor.ip),
            last_page_url: Set(new.visitor.page_url),
            last_user_agent: Set(new.visitor.user_agent),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }
}

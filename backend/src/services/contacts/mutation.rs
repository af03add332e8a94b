//! Contact writes: create and partial update, with email and phone unique per team.
//!
//! Invariant: whichever door writes, a contact whose email becomes known (created with one, or
//! given a new one) gets the integrations flagged "run when the email becomes known" warmed in
//! the background.

use super::{ContactChanges, ContactService, NewContact, PHONE_FIELD, merge_attributes};
use crate::actor::Actor;
use crate::entities::contact;
use crate::error::{ServiceError, ServiceResult};
use crate::events::{self, Change};
use crate::services::integrations::runner;
use crate::state::AppState;
use chrono::Utc;
use model::event::{ContactUpdated, EventData, ResourceRef};
use model::validation::{self, EmailAddress, FieldErrors, NAME_MAX, PhoneNumber};
use model::visitor::Visitor;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set, SqlErr, TransactionTrait,
};
use serde_json::Value;

fn duplicate_email() -> ServiceError {
    ServiceError::rule(
        "DUPLICATE_EMAIL",
        "email",
        "A contact with this email already exists.",
    )
}

fn duplicate_phone() -> ServiceError {
    ServiceError::rule(
        "DUPLICATE_PHONE",
        PHONE_FIELD,
        "A contact with this phone number already exists.",
    )
}

/// Parses an optional email: empty is `None`.
fn email_field(errors: &mut FieldErrors, value: &str) -> Option<Option<EmailAddress>> {
    if value.trim().is_empty() {
        return Some(None);
    }
    errors.check(EmailAddress::parse("email", value)).map(Some)
}

/// Parses an optional phone number into E.164: empty is `None`.
fn phone_field(errors: &mut FieldErrors, value: &str) -> Option<Option<PhoneNumber>> {
    if value.trim().is_empty() {
        return Some(None);
    }
    errors
        .check(PhoneNumber::parse(PHONE_FIELD, value))
        .map(Some)
}

/// Refuses an email or phone that another contact of the team (not `except_id`) already has.
async fn ensure_unique(
    db: &DatabaseConnection,
    team_id: i64,
    except_id: Option<i64>,
    email: Option<&EmailAddress>,
    phone: Option<&PhoneNumber>,
) -> ServiceResult<()> {
    let others = || {
        let mut q = contact::Entity::find().filter(contact::Column::TeamId.eq(team_id));
        if let Some(id) = except_id {
            q = q.filter(contact::Column::Id.ne(id));
        }
        q
    };
    if let Some(e) = email
        && others()
            .filter(contact::Column::Email.eq(e.as_str()))
            .count(db)
            .await?
            > 0
    {
        return Err(duplicate_email());
    }
    if let Some(p) = phone
        && others()
            .filter(contact::Column::Phone.eq(p.as_str()))
            .count(db)
            .await?
            > 0
    {
        return Err(duplicate_phone());
    }
    Ok(())
}

/// A unique-index violation that slipped past the check (two requests at once) is still the
/// duplicate error, never a 500.
fn unique_violation(err: DbErr, email_changed: bool) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) => {
            if detail.contains("phone") || !email_changed {
                duplicate_phone()
            } else {
                duplicate_email()
            }
        }
        _ => ServiceError::Database(err),
    }
}

impl ContactService {
    /// Creates a contact after validating every field; an email or phone another contact of the
    /// team has is `DUPLICATE_EMAIL` / `DUPLICATE_PHONE`.
    pub async fn create(
        state: &AppState,
        team_id: i64,
        new: NewContact,
    ) -> ServiceResult<contact::Model> {
        let row = Self::insert(&state.db, team_id, new).await?;
        if row.email.is_some() {
            runner::prewarm(state, team_id, row.id, None);
        }
        Ok(row)
    }

    /// Creates a contact's row (and its `contact.created` event) and nothing else: for seeding,
    /// where no server runs to warm integrations.
    pub(crate) async fn insert(
        db: &DatabaseConnection,
        team_id: i64,
        new: NewContact,
    ) -> ServiceResult<contact::Model> {
        let mut errors = FieldErrors::new();
        let name = errors.check(validation::required_text("name", &new.name, NAME_MAX));
        let email = email_field(&mut errors, &new.email);
        let phone = phone_field(&mut errors, &new.phone);
        let (name, email, phone) = errors.finish((|| Some((name?, email?, phone?)))())?;
        ensure_unique(db, team_id, None, email.as_ref(), phone.as_ref()).await?;
        let now = Utc::now();
        let txn = db.begin().await?;
        let row = contact::ActiveModel {
            team_id: Set(team_id),
            name: Set(name),
            email: Set(email.map(EmailAddress::into_string)),
            phone: Set(phone.map(PhoneNumber::into_string)),
            custom_attributes: Set(Value::Object(new.custom_attributes)),
            last_ip: Set(new.visitor.ip),
            last_page_url: Set(new.visitor.page_url),
            last_user_agent: Set(new.visitor.user_agent),
            last_referrer: Set(new.visitor.referrer),
            last_location: Set(new.visitor.location),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_violation(e, true))?;
        let created = Change::new(
            team_id,
            EventData::ContactCreated(ResourceRef { id: row.id }),
        );
        events::record(&txn, created).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Keeps `visit` as the contact's last visit (every field: what the visit did not say is no
    /// longer known). Not a `contact.updated`: the visit is the conversation's news.
    pub(crate) async fn record_visit(
        conn: &impl ConnectionTrait,
        team_id: i64,
        contact_id: i64,
        visit: &Visitor,
    ) -> ServiceResult<()> {
        contact::Entity::update_many()
            .col_expr(contact::Column::LastIp, Expr::value(visit.ip.clone()))
            .col_expr(
                contact::Column::LastPageUrl,
                Expr::value(visit.page_url.clone()),
            )
            .col_expr(
                contact::Column::LastReferrer,
                Expr::value(visit.referrer.clone()),
            )
            .col_expr(
                contact::Column::LastUserAgent,
                Expr::value(visit.user_agent.clone()),
            )
            .col_expr(
                contact::Column::LastLocation,
                Expr::value(visit.location.clone()),
            )
            .filter(contact::Column::TeamId.eq(team_id))
            .filter(contact::Column::Id.eq(contact_id))
            .exec(conn)
            .await?;
        Ok(())
    }

    /// Applies a partial update to one of the team's contacts.
    pub async fn update(
        state: &AppState,
        actor: &Actor,
        id: i64,
        changes: ContactChanges,
    ) -> ServiceResult<contact::Model> {
        let db = &state.db;
        let current = Self::find(db, actor, id).await?;
        let email_before = current.email.clone();
        let mut errors = FieldErrors::new();
        let name = changes
            .name
            .as_deref()
            .map(|n| errors.check(validation::required_text("name", n, NAME_MAX)));
        let email = changes
            .email
            .as_deref()
            .map(|e| email_field(&mut errors, e));
        let phone = changes
            .phone
            .as_deref()
            .map(|p| phone_field(&mut errors, p));
        errors.into_result()?;
        let email = email.flatten();
        let phone = phone.flatten();
        ensure_unique(
            db,
            actor.team_id,
            Some(current.id),
            email.as_ref().and_then(Option::as_ref),
            phone.as_ref().and_then(Option::as_ref),
        )
        .await?;
        let email_changed = email.is_some();
        let mut attributes = match &current.custom_attributes {
            Value::Object(map) => map.clone(),
            _ => serde_json::Map::new(),
        };
        let mut active: contact::ActiveModel = current.into();
        if let Some(Some(name)) = name {
            active.name = Set(name);
        }
        if let Some(email) = email {
            active.email = Set(email.map(EmailAddress::into_string));
        }
        if let Some(phone) = phone {
            active.phone = Set(phone.map(PhoneNumber::into_string));
        }
        if let Some(changes) = changes.custom_attributes {
            merge_attributes(&mut attributes, changes);
            active.custom_attributes = Set(Value::Object(attributes));
        }
        active.updated_at = Set(Utc::now());
        let txn = db.begin().await?;
        let row = active
            .update(&txn)
            .await
            .map_err(|e| unique_violation(e, email_changed))?;
        let email_changed = row.email != email_before;
        let updated = Change::new(
            row.team_id,
            EventData::ContactUpdated(ContactUpdated {
                id: row.id,
                email_changed,
            }),
        );
        events::record(&txn, updated).await?;
        txn.commit().await?;
        if row.email.is_some() && row.email != email_before {
            runner::prewarm(state, row.team_id, row.id, None);
        }
        Ok(row)
    }
}

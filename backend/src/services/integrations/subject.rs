//! What a run is about — the contact, the conversation asked about and the inbox whose
//! integrations run — and what the run takes from them: variable values and the facts run
//! conditions look at.
//!
//! Invariants: every row read is the actor's team's (each table is filtered by team, not only the
//! first); a conversation given is the contact's, else the run is refused. The three rows come in
//! one round trip, with the team's `integrations_generation` (which kept plan of integrations is
//! current): a profile sheet opens on every agent's click, and with hundreds at once every query
//! per sheet is a place in the pool's queue.

use crate::actor::Actor;
use crate::entities::{contact, conversation, inbox, team};
use crate::error::{ServiceError, ServiceResult};
use crate::state::AppState;
use model::integration::run_conditions::RunSubject;
use model::integration::{Variable, VariableValues};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, QueryResult};
use serde_json::Value;

/// Which contact a run is about, with the conversation or inbox it was asked for (the part of a
/// [`RunRequest`](super::runner::RunRequest) this module reads).
#[derive(Debug, Clone, Copy)]
pub(crate) struct About {
    /// One of the team's contacts.
    pub(crate) contact_id: i64,
    /// A conversation of that contact; its inbox is the run's.
    pub(crate) conversation_id: Option<i64>,
    /// Without a conversation, the inbox asked about.
    pub(crate) inbox_id: Option<i64>,
}

/// Column prefixes of the one read.
const CONTACT: &str = "c_";
const CONVERSATION: &str = "v_";
const INBOX: &str = "i_";
const PLAN_GENERATION: &str = "t_integrations_generation";

/// Selects every column of `E` as `{prefix}{column}`.
fn select_all<E: EntityTrait>(query: &mut SelectStatement, entity: E, prefix: &str)
where
    E::Column: Iterable,
{
    for column in E::Column::iter() {
        query.expr_as(
            Expr::col((entity, column)),
            Alias::new(format!("{prefix}{}", column.as_str())),
        );
    }
}

/// The row of `E` under `prefix`, if the outer join found one.
fn joined<M: FromQueryResult>(row: &QueryResult, prefix: &str) -> ServiceResult<Option<M>> {
    if row.try_get::<Option<i64>>(prefix, "id")?.is_none() {
        return Ok(None);
    }
    Ok(Some(M::from_query_result(row, prefix)?))
}

/// Reads the contact, the conversation and the inbox of `request` (one query). An unknown
/// contact is not found; an unknown conversation or inbox, or a conversation of someone else, is
/// invalid input.
pub(super) async fn read(
    state: &AppState,
    actor: &Actor,
    request: &About,
) -> ServiceResult<Subject> {
    let team = actor.team_id;
    let mut query = Query::select();
    select_all(&mut query, contact::Entity, CONTACT);
    select_all(&mut query, conversation::Entity, CONVERSATION);
    select_all(&mut query, inbox::Entity, INBOX);
    query
        .expr_as(
            Expr::col((team::Entity, team::Column::IntegrationsGeneration)),
            Alias::new(PLAN_GENERATION),
        )
        .from(contact::Entity)
        .inner_join(
            team::Entity,
            Expr::col((team::Entity, team::Column::Id))
                .equals((contact::Entity, contact::Column::TeamId)),
        )
        .left_join(
            conversation::Entity,
            Condition::all()
                .add(
                    Expr::col((conversation::Entity, conversation::Column::Id))
                        .eq(request.conversation_id),
                )
                .add(Expr::col((conversation::Entity, conversation::Column::TeamId)).eq(team)),
        )
        .and_where(Expr::col((contact::Entity, contact::Column::Id)).eq(request.contact_id))
        .and_where(Expr::col((contact::Entity, contact::Column::TeamId)).eq(team));
    // The conversation's inbox when there is one, else the inbox asked about.
    let inbox_is = match request.conversation_id {
        Some(_) => Expr::col((inbox::Entity, inbox::Column::Id))
            .equals((conversation::Entity, conversation::Column::InboxId)),
        None => Expr::col((inbox::Entity, inbox::Column::Id)).eq(request.inbox_id),
    };
    query.left_join(
        inbox::Entity,
        Condition::all()
            .add(inbox_is)
            .add(Expr::col((inbox::Entity, inbox::Column::TeamId)).eq(team)),
    );
    let db = &state.db;
    let row = db.query_one(&query).await?.ok_or(ServiceError::NotFound)?;
    let contact = contact::Model::from_query_result(&row, CONTACT)?;
    let conversation: Option<conversation::Model> = joined(&row, CONVERSATION)?;
    let inbox: Option<inbox::Model> = joined(&row, INBOX)?;
    let plan_generation: i64 = row.try_get("", PLAN_GENERATION)?;
    if request.conversation_id.is_some() {
        let Some(conv) = &conversation else {
            return Err(ServiceError::invalid(
                "conversation_id",
                "No such conversation in this team.",
            ));
        };
        if conv.contact_id != Some(contact.id) {
            return Err(ServiceError::invalid(
                "conversation_id",
                "This conversation is not with this contact.",
            ));
        }
    }
    let inbox_wanted = request.conversation_id.is_some() || request.inbox_id.is_some();
    if inbox_wanted && inbox.is_none() {
        return Err(ServiceError::invalid(
            "inbox_id",
            "No such inbox in this team.",
        ));
    }
    Ok(Subject {
        contact,
        conversation,
        inbox,
        plan_generation,
    })
}

/// The contact, conversation and inbox a run is about.
pub(super) struct Subject {
    /// The contact.
    pub(super) contact: contact::Model,
    /// The conversation asked about, which is the contact's.
    pub(super) conversation: Option<conversation::Model>,
    /// Its inbox, or the one asked about without a conversation.
    pub(super) inbox: Option<inbox::Model>,
    /// The team's `integrations_generation`: which kept plan is still current ([`super::plan`]).
    pub(super) plan_generation: i64,
}

/// The variable values of a run about `subject`.
pub(super) fn variables(subject: &Subject) -> VariableValues {
    let mut v = VariableValues::new();
    let c = &subject.contact;
    v.set(Variable::ContactId, Value::from(c.id))
        .set(Variable::ContactName, Value::from(c.name.clone()))
        .set(Variable::ContactEmail, c.email.clone().map(Value::from))
        .set(
            Variable::ContactPhoneNumber,
            c.phone.clone().map(Value::from),
        );
    // The conversation's latest visit when it has one, else the contact's last.
    let visit = subject
        .conversation
        .as_ref()
        .map(conversation::Model::visit)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| c.last_visit());
    let text = |t: Option<String>| t.map(Value::from);
    v.set(Variable::VisitorIp, text(visit.ip))
        .set(Variable::VisitorPageUrl, text(visit.page_url))
        .set(Variable::VisitorReferrer, text(visit.referrer))
        .set(Variable::VisitorUserAgent, text(visit.user_agent))
        .set(Variable::VisitorLocation, text(visit.location));
    if let Value::Object(attributes) = &c.custom_attributes {
        for (key, value) in attributes {
            v.set_attribute(key, value.clone());
        }
    }
    if let Some(conv) = &subject.conversation {
        v.set(Variable::ConversationId, Value::from(conv.id))
            .set(Variable::ConversationUuid, Value::from(conv.uuid.clone()))
            .set(
                Variable::ConversationSubject,
                Value::from(conv.subject.clone()),
            );
    }
    if let Some(i) = &subject.inbox {
        v.set(Variable::InboxId, Value::from(i.id))
            .set(Variable::InboxName, Value::from(i.name.clone()));
    }
    v
}

/// What the integrations' run conditions look at for `subject`.
pub(super) fn run_subject(subject: &Subject) -> RunSubject {
    let c = &subject.contact;
    RunSubject {
        contact_name: c.name.clone(),
        contact_email: c.email.clone().filter(|e| !e.is_empty()),
        contact_phone: c.phone.clone().filter(|p| !p.is_empty()),
        attributes: c.custom_attributes.clone(),
        conversation_status: subject.conversation.as_ref().map(|v| v.status.clone()),
        conversation_subject: subject.conversation.as_ref().map(|v| v.subject.clone()),
        inbox_id: subject.inbox.as_ref().map(|i| i.id),
        inbox_name: subject.inbox.as_ref().map(|i| i.name.clone()),
    }
}

/// The variable values a run for `request` would use (tests use them too).
pub(crate) async fn values_for(
    state: &AppState,
    actor: &Actor,
    request: &About,
) -> ServiceResult<VariableValues> {
    Ok(variables(&read(state, actor, request).await?))
}

/// The inbox a run for `request` would use the integrations of, its variable values and what
/// run conditions look at.
pub(crate) async fn sheet_of(
    state: &AppState,
    actor: &Actor,
    request: &About,
) -> ServiceResult<(Option<inbox::Model>, VariableValues, RunSubject)> {
    let subject = read(state, actor, request).await?;
    let values = variables(&subject);
    let conditions = run_subject(&subject);
    Ok((subject.inbox, values, conditions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn a_run_with_a_full_subject_fills_every_variable_the_editor_offers() {
        let now = Utc::now();
        let text = |s: &str| Some(s.to_string());
        let subject = Subject {
            contact: contact::Model {
                id: 4,
                team_id: 1,
                name: "Sarah".into(),
                email: text("sarah@example.com"),
                phone: text("+15550100"),
                custom_attributes: serde_json::json!({"plan": "gold"}),
                last_ip: text("203.0.113.7"),
                last_page_url: text("https://shop.example.com/cart"),
                last_user_agent: text("Firefox"),
                last_referrer: text("https://search.example/"),
                last_location: text("Lisbon, Portugal"),
                created_at: now,
                updated_at: now,
            },
            conversation: Some(conversation::Model {
                id: 3,
                uuid: "c0ffee".into(),
                team_id: 1,
                inbox_id: 2,
                contact_id: Some(4),
                custom_entity_record_id: None,
                assignee_id: None,
                subject: "Where is my order?".into(),
                status: "active".into(),
                is_read: false,
                is_archived: false,
                is_starred: false,
                last_message_at: None,
                visitor: None,
                created_at: now,
                updated_at: now,
            }),
            inbox: Some(inbox::Model {
                id: 2,
                team_id: 1,
                name: "Support".into(),
                inbox_type: "standard".into(),
                created_at: now,
                updated_at: now,
            }),
            plan_generation: 0,
        };
        let values = variables(&subject);
        let missing: Vec<&str> = Variable::ALL
            .iter()
            .map(|v| v.as_str())
            .filter(|name| values.get(name).is_none())
            .collect();
        assert!(missing.is_empty(), "never filled: {missing:?}");
        assert_eq!(
            values.text("contact.attributes.plan").as_deref(),
            Some("gold")
        );
    }
}

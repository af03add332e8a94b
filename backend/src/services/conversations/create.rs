//! Creating a conversation (and its first message) from a request, in three steps: the fields
//! checked on their own, the ids resolved in the caller's team, then one transaction that inserts
//! the conversation, its tags, its first message and their webhook events.
//!
//! Invariants: every problem of a request is reported at once (field checks and unknown ids
//! together); an id that is not the team's reads as unknown, never as "exists elsewhere"; once
//! created, integrations flagged "run when the contact's email becomes known" warm in the
//! background, whichever door created it.

use super::{ConversationService, NewMessage, TAG_NAME_MAX, message_row, tag_named};
use crate::actor::Actor;
use crate::entities::{contact, conversation, conversation_tag, custom_entity_record, inbox};
use crate::error::{ServiceError, ServiceResult};
use crate::events::{self, Change};
use crate::services::contacts::ContactService;
use crate::services::custom_entities::RecordService;
use crate::services::inboxes::InboxService;
use crate::services::integrations::runner;
use crate::state::AppState;
use chrono::Utc;
use model::event::{EventData, MessageCreated, ResourceRef};
use model::validation::{self, FieldErrors, MESSAGE_BODY_MAX, SUBJECT_MAX, ValidationError};
use model::visitor::{Visitor, VisitorInput};
use model::{ConversationStatus, InboxType, MessageType, SenderType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::api::ApiConversation;

/// A conversation to create, as a request gives it (nothing checked yet).
#[derive(Debug, Clone, Default)]
pub struct NewApiConversation {
    /// The team's inbox.
    pub inbox_id: Option<i64>,
    /// The team's contact (required in standard inboxes).
    pub contact_id: Option<i64>,
    /// The team's custom entity record (required in entity inboxes).
    pub custom_entity_record_id: Option<i64>,
    /// Subject (required).
    pub subject: Option<String>,
    /// First message from the contact, as an email, when given.
    pub body: Option<String>,
    /// Status (default active).
    pub status: Option<String>,
    /// Tag names; new ones are created with the default color.
    pub tags: Vec<String>,
    /// What the visitor's browser sent: the conversation's first visit and its contact's last.
    pub visitor: Option<VisitorInput>,
}

/// The request's own fields, checked.
struct Fields {
    subject: String,
    status: ConversationStatus,
    first_message: Option<String>,
    tag_names: Vec<String>,
    visitor: Option<Visitor>,
}

/// The rows the request's ids name, all in the caller's team.
struct References {
    inbox: inbox::Model,
    contact: Option<contact::Model>,
    record: Option<custom_entity_record::Model>,
}

impl ConversationService {
    /// Creates a conversation (and its first message, when `body` is given) in one transaction.
    /// Ids in the body that are not the team's are field errors that do not say whether they exist.
    pub async fn create(
        state: &AppState,
        actor: &Actor,
        new: NewApiConversation,
    ) -> ServiceResult<ApiConversation> {
        let mut errors = FieldErrors::new();
        let fields = check_fields(&mut errors, &new);
        let references = resolve_references(&state.db, actor, &new, &mut errors).await?;
        let (fields, references) = errors.finish(fields.zip(references))?;
        let created = insert(&state.db, actor, fields, references).await?;
        if let Some(contact_id) = created.contact_id {
            runner::prewarm(state, actor.team_id, contact_id, Some(created.id));
        }
        Self::find_with_thread(&state.db, actor, created.id).await
    }
}

fn check_fields(errors: &mut FieldErrors, new: &NewApiConversation) -> Option<Fields> {
    let subject = errors.check(validation::required_text(
        "subject",
        new.subject.as_deref().unwrap_or_default(),
        SUBJECT_MAX,
    ));
    let status = match new.status.as_deref().map(str::trim) {
        None | Some("") => Some(ConversationStatus::Active),
        Some(s) => errors.check(
            s.parse::<ConversationStatus>()
                .map_err(|_| ValidationError::new("status", "Must be active, pending or closed.")),
        ),
    };
    let first_message = match new.body.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(b) => errors
            .check(validation::required_text("body", b, MESSAGE_BODY_MAX))
            .map(Some),
    };
    let mut tag_names: Vec<String> = Vec::new();
    for (i, raw) in new.tags.iter().enumerate() {
        if let Some(name) = errors.check(validation::required_text(
            &format!("tags.{i}"),
            raw,
            TAG_NAME_MAX,
        )) && !tag_names.contains(&name)
        {
            tag_names.push(name);
        }
    }
    let visitor = match &new.visitor {
        None => Some(None),
        Some(v) => v.check("visitor", errors).map(Some),
    };
    Some(Fields {
        subject: subject?,
        status: status?,
        first_message: first_message?,
        tag_names,
        visitor: visitor?,
    })
}

async fn resolve_references(
    db: &DatabaseConnection,
    actor: &Actor,
    new: &NewApiConversation,
    errors: &mut FieldErrors,
) -> ServiceResult<Option<References>> {
    let inbox = match new.inbox_id {
        None => {
            errors.add(ValidationError::new("inbox_id", "This field is required."));
            None
        }
        Some(id) => {
            let found = inbox::Entity::find_by_id(id)
                .filter(inbox::Column::TeamId.eq(actor.team_id))
                .one(db)
                .await?;
            if found.is_none() {
                errors.add(ValidationError::new(
                    "inbox_id",
                    "No inbox with this id in your team.",
                ));
            }
            found
        }
    };
    let contact = match new.contact_id {
        None => None,
        Some(id) => {
            let found = contact::Entity::find_by_id(id)
                .filter(contact::Column::TeamId.eq(actor.team_id))
                .one(db)
                .await?;
            if found.is_none() {
                errors.add(ValidationError::new(
                    "contact_id",
                    "No contact with this id in your team.",
                ));
            }
            found
        }
    };
    let record = match new.custom_entity_record_id {
        None => None,
        Some(id) => match RecordService::find(db, actor.team_id, id).await {
            Ok(r) => Some(r),
            Err(ServiceError::NotFound) => {
                errors.add(ValidationError::new(
                    "custom_entity_record_id",
                    "No custom entity record with this id in your team.",
                ));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let Some(inbox) = inbox else {
        return Ok(None);
    };
    match inbox.inbox_type()? {
        InboxType::Standard if new.contact_id.is_none() => {
            errors.add(ValidationError::new(
                "contact_id",
                "This field is required for standard inboxes.",
            ));
        }
        InboxType::Entity if new.custom_entity_record_id.is_none() => {
            errors.add(ValidationError::new(
                "custom_entity_record_id",
                "This field is required for entity inboxes.",
            ));
        }
        InboxType::Standard if new.custom_entity_record_id.is_some() => {
            errors.add(ValidationError::new(
                "custom_entity_record_id",
                "Only entity inboxes hold conversations about records.",
            ));
        }
        InboxType::Standard | InboxType::Entity => {}
    }
    Ok(Some(References {
        inbox,
        contact,
        record,
    }))
}

async fn insert(
    db: &DatabaseConnection,
    actor: &Actor,
    fields: Fields,
    references: References,
) -> ServiceResult<conversation::Model> {
    let References {
        inbox,
        contact,
        record,
    } = references;
    let email_channel = InboxService::active_channels(db, actor.team_id, inbox.id)
        .await?
        .into_iter()
        .find(|c| c.channel_type == MessageType::Email.as_str());
    let now = Utc::now();
    let txn = db.begin().await?;
    let conv = conversation::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        team_id: Set(actor.team_id),
        inbox_id: Set(inbox.id),
        contact_id: Set(contact.as_ref().map(|c| c.id)),
        custom_entity_record_id: Set(record.as_ref().map(|r| r.id)),
        assignee_id: Set(None),
        subject: Set(fields.subject),
        status: Set(fields.status.as_str().to_string()),
        // A first message from the contact is news to the team.
        is_read: Set(fields.first_message.is_none()),
        is_archived: Set(false),
        is_starred: Set(false),
        last_message_at: Set(fields.first_message.as_ref().map(|_| now)),
        visitor: Set(fields
            .visitor
            .as_ref()
            .and_then(|v| serde_json::to_value(v).ok())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let (Some(visit), Some(c)) = (&fields.visitor, &contact) {
        ContactService::record_visit(&txn, actor.team_id, c.id, visit).await?;
    }
    if let (Some(r), Some(c)) = (&record, &contact) {
        RecordService::link_contact(&txn, actor.team_id, r.id, c.id).await?;
    }
    for name in &fields.tag_names {
        let t = tag_named(&txn, actor.team_id, name).await?;
        conversation_tag::ActiveModel {
            conversation_id: Set(conv.id),
            tag_id: Set(t.id),
        }
        .insert(&txn)
        .await?;
    }
    let about = |data| Change::new(actor.team_id, data);
    let created = EventData::ConversationCreated(ResourceRef { id: conv.id });
    events::record(&txn, about(created)).await?;
    if let Some(text) = fields.first_message {
        let first = message_row(
            actor.team_id,
            conv.id,
            email_channel.map(|c| c.id),
            NewMessage {
                message_type: MessageType::Email,
                body: text,
                sender_type: SenderType::Contact,
                sender_id: contact.as_ref().map(|c| c.id),
                created_at: now,
            },
        )
        .insert(&txn)
        .await?;
        let first = EventData::MessageCreated(MessageCreated {
            id: first.id,
            conversation_id: conv.id,
            message_type: MessageType::Email,
            sender_type: SenderType::Contact,
        });
        events::record(&txn, about(first)).await?;
    }
    txn.commit().await?;
    Ok(conv)
}

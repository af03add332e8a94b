//! Creating a message through the API: every rule of `POST /conversations/{id}/messages` with its
//! error code, attachments downloaded before anything is written, and the row queued for its
//! channel's driver in the same transaction.

use super::fields::{Checked, NewApiMessage, check_fields};
use super::{ApiMessage, MessageService};
use crate::actor::Actor;
use crate::entities::{
    agent, attachment, contact, conversation, inbox, inbox_channel, message, team_member,
};
use crate::error::{ServiceError, ServiceResult};
use crate::events::{self, Change};
use crate::services::channels::is_sendable;
use crate::services::conversations::{self, ConversationService};
use crate::services::custom_entities::RecordService;
use crate::state::AppState;
use crate::storage::Downloaded;
use chrono::Utc;
use model::event::{EventData, MessageCreated};
use model::message::DeliveryStatus;
use model::{InboxType, MessageType, SenderType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// The rows a checked message refers to, resolved in the team, and what it becomes.
struct References {
    /// Its conversation.
    conv: conversation::Model,
    /// The channel it leaves through (none for notes and phone calls).
    channel: Option<inbox_channel::Model>,
    /// The contact it goes to.
    recipient: Option<contact::Model>,
    /// Who wrote it.
    sender: (SenderType, i64),
    /// Its delivery status (`None`: recorded, nothing to deliver).
    status: Option<DeliveryStatus>,
}

impl MessageService {
    /// Creates a message in one of the team's conversations. Drafts are saved; notes and phone
    /// calls are recorded; anything else is queued for its channel's driver (`sending`). The
    /// same shape as a conversation's creation: checked fields, then the references they
    /// resolve to, then attachments downloaded, then one transaction.
    pub async fn create(
        state: &AppState,
        actor: &Actor,
        conversation_id: i64,
        new: NewApiMessage,
    ) -> ServiceResult<ApiMessage> {
        let db = &state.db;
        let conv = ConversationService::find(db, actor, conversation_id).await?;
        let checked = check_fields(&new)?;
        let references = Self::resolve_references(db, actor, conv, &checked, &new).await?;
        let downloads = Self::download_all(state, &new.file_urls).await?;
        let status = references.status;
        let id = match Self::insert(db, actor, checked, references, &downloads).await {
            Ok(id) => id,
            Err(e) => {
                let keys: Vec<String> = downloads.into_iter().map(|d| d.key).collect();
                state.attachments.remove_all(&keys).await;
                return Err(e);
            }
        };
        // Read the answer before waking the worker, so it shows the message as stored (`sending`).
        let created = Self::find(db, actor, id).await;
        if status == Some(DeliveryStatus::Sending) {
            state.deliveries.wake();
        }
        created
    }

    /// The inbox, recipient, channel and sender of `checked` in `conv`, each checked against the
    /// team's rules, and the status the message starts in.
    async fn resolve_references(
        db: &DatabaseConnection,
        actor: &Actor,
        conv: conversation::Model,
        checked: &Checked,
        new: &NewApiMessage,
    ) -> ServiceResult<References> {
        let inbox = inbox::Entity::find_by_id(conv.inbox_id)
            .filter(inbox::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let recipient = Self::recipient(
            db,
            actor,
            &conv,
            &inbox,
            checked.message_type,
            new.contact_id,
        )
        .await?;
        let channel =
            Self::channel(db, actor, &conv, checked.message_type, new.inbox_channel_id).await?;
        if checked.message_type == MessageType::Email
            && !new.is_draft
            && recipient.as_ref().and_then(|c| c.email.as_ref()).is_none()
        {
            return Err(ServiceError::rule(
                "NO_EMAIL_ADDRESS",
                "contact_id",
                "The contact does not have an email address.",
            ));
        }
        let sender = match checked.sender {
            None => (SenderType::User, actor.user_id),
            Some((kind, id)) => {
                Self::check_sender(db, actor, kind, id).await?;
                (kind, id)
            }
        };
        // Messages written by the contact are received, not sent.
        let inbound = sender.0 == SenderType::Contact;
        let status = if new.is_draft {
            Some(DeliveryStatus::Draft)
        } else if checked.message_type.is_delivered() && !inbound {
            Some(DeliveryStatus::Sending)
        } else {
            None
        };
        Ok(References {
            conv,
            channel,
            recipient,
            sender,
            status,
        })
    }

    /// The contact the message goes to: `contact_id` if given (it must be associated with the
    /// conversation), else the conversation's contact. Entity conversations need one explicitly
    /// for anything that is delivered.
    async fn recipient(
        db: &DatabaseConnection,
        actor: &Actor,
        conv: &conversation::Model,
        inbox: &inbox::Model,
        message_type: MessageType,
        contact_id: Option<i64>,
    ) -> ServiceResult<Option<contact::Model>> {
        let entity_inbox = inbox.inbox_type == InboxType::Entity.as_str();
        let wanted = match contact_id {
            Some(id) => Some(id),
            None if entity_inbox && message_type.is_delivered() => {
                return Err(ServiceError::rule(
                    "CONTACT_REQUIRED",
                    "contact_id",
                    "A contact must be specified for entity record conversations.",
                ));
            }
            None => conv.contact_id,
        };
        let Some(id) = wanted else { return Ok(None) };
        let found = contact::Entity::find_by_id(id)
            .filter(contact::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or_else(|| {
                ServiceError::invalid("contact_id", "No contact with this id in your team.")
            })?;
        if contact_id.is_some()
            && !Self::associated_contact_ids(db, conv)
                .await?
                .contains(&found.id)
        {
            return Err(ServiceError::rule(
                "CONTACT_NOT_ASSOCIATED",
                "contact_id",
                "The contact is not associated with this conversation's record.",
            ));
        }
        Ok(Some(found))
    }

    /// Contacts a message in `conv` may go to: its own, and for a conversation about a record,
    /// the record's contacts.
    async fn associated_contact_ids(
        db: &DatabaseConnection,
        conv: &conversation::Model,
    ) -> ServiceResult<Vec<i64>> {
        let mut ids: Vec<i64> = conv.contact_id.into_iter().collect();
        if let Some(record_id) = conv.custom_entity_record_id {
            ids.extend(RecordService::contact_ids(db, conv.team_id, record_id).await?);
        }
        Ok(ids)
    }

    /// The channel to use: the given one (of the conversation's inbox, of the message's type,
    /// sendable), else the inbox's first sendable channel of the type. Notes and phone calls need
    /// none.
    async fn channel(
        db: &DatabaseConnection,
        actor: &Actor,
        conv: &conversation::Model,
        message_type: MessageType,
        channel_id: Option<i64>,
    ) -> ServiceResult<Option<inbox_channel::Model>> {
        if let Some(id) = channel_id {
            let found = inbox_channel::Entity::find_by_id(id)
                .filter(inbox_channel::Column::TeamId.eq(actor.team_id))
                .filter(inbox_channel::Column::InboxId.eq(conv.inbox_id))
                .one(db)
                .await?;
            return match found {
                None => Err(ServiceError::invalid(
                    "inbox_channel_id",
                    "No channel with this id in the conversation's inbox.",
                )),
                Some(c) if c.channel_type != message_type.as_str() => Err(ServiceError::rule(
                    "INVALID_CHANNEL",
                    "inbox_channel_id",
                    format!(
                        "The channel carries {} messages, not {}.",
                        c.channel_type,
                        message_type.as_str()
                    ),
                )),
                Some(c) if !is_sendable(&c) => Err(ServiceError::rule(
                    "INVALID_CHANNEL",
                    "inbox_channel_id",
                    "The channel is not active: switch it on and connect a driver in Settings → Channels.",
                )),
                Some(c) => Ok(Some(c)),
            };
        }
        let candidates = inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(actor.team_id))
            .filter(inbox_channel::Column::InboxId.eq(conv.inbox_id))
            .filter(inbox_channel::Column::ChannelType.eq(message_type.as_str()))
            .order_by_asc(inbox_channel::Column::Id)
            .all(db)
            .await?;
        match candidates.into_iter().find(is_sendable) {
            Some(c) => Ok(Some(c)),
            None if !message_type.is_delivered() => Ok(None),
            None => Err(ServiceError::rule(
                "NO_CHANNEL_FOUND",
                "type",
                format!("The inbox has no active {} channel.", message_type.label()),
            )),
        }
    }

    async fn check_sender(
        db: &DatabaseConnection,
        actor: &Actor,
        kind: SenderType,
        id: i64,
    ) -> ServiceResult<()> {
        let exists = match kind {
            SenderType::User => team_member::Entity::find()
                .filter(team_member::Column::TeamId.eq(actor.team_id))
                .filter(team_member::Column::UserId.eq(id))
                .one(db)
                .await?
                .is_some(),
            SenderType::Contact => contact::Entity::find_by_id(id)
                .filter(contact::Column::TeamId.eq(actor.team_id))
                .one(db)
                .await?
                .is_some(),
            SenderType::Agent => agent::Entity::find_by_id(id)
                .filter(agent::Column::TeamId.eq(actor.team_id))
                .one(db)
                .await?
                .is_some(),
        };
        if exists {
            Ok(())
        } else {
            Err(ServiceError::invalid(
                "sender_id",
                format!("No {} with this id in your team.", kind.as_str()),
            ))
        }
    }

    /// Downloads every URL to disk (one at a time, so one slow server cannot hold ten
    /// connections); the first failure fails the request and removes what was stored.
    async fn download_all(state: &AppState, urls: &[String]) -> ServiceResult<Vec<Downloaded>> {
        let mut out: Vec<Downloaded> = Vec::with_capacity(urls.len());
        for (i, url) in urls.iter().enumerate() {
            match state
                .attachments
                .download(&state.downloads, url.trim())
                .await
            {
                Ok(file) => out.push(file),
                Err(e) => {
                    let keys: Vec<String> = out.iter().map(|d| d.key.clone()).collect();
                    state.attachments.remove_all(&keys).await;
                    return Err(ServiceError::Rule {
                        code: "ATTACHMENT_DOWNLOAD_FAILED",
                        field: Some("file_urls"),
                        message: format!("file_urls.{i}: could not download the file: {e}."),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Writes the message, its attachments, the conversation's new state and its event, in one
    /// transaction; returns the message's id.
    async fn insert(
        db: &DatabaseConnection,
        actor: &Actor,
        checked: Checked,
        references: References,
        downloads: &[Downloaded],
    ) -> ServiceResult<i64> {
        let References {
            conv,
            channel,
            recipient,
            sender: (sender_type, sender_id),
            status,
        } = references;
        let now = Utc::now();
        let inbound = sender_type == SenderType::Contact;
        let txn = db.begin().await?;
        let row = message::ActiveModel {
            team_id: Set(actor.team_id),
            conversation_id: Set(conv.id),
            inbox_channel_id: Set(channel.as_ref().map(|c| c.id)),
            message_type: Set(checked.message_type.as_str().to_string()),
            body: Set(checked.body),
            is_draft: Set(status == Some(DeliveryStatus::Draft)),
            delivery_status: Set(status.map(|s| s.as_str().to_string())),
            sender_type: Set(sender_type.as_str().to_string()),
            sender_id: Set(Some(sender_id)),
            is_read: Set(!inbound),
            external_message_id: Set(None),
            cc: Set(serde_json::json!(checked.cc)),
            bcc: Set(serde_json::json!(checked.bcc)),
            contact_id: Set(recipient
                .map(|c| c.id)
                .filter(|id| Some(*id) != conv.contact_id)),
            delivery_error: Set(None),
            delivery_attempts: Set(0),
            delivery_due_at: Set(None),
            delivery_lease_until: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(visit) = &checked.visitor {
            conversations::record_visit(&txn, &conv, visit).await?;
        }
        for file in downloads {
            attachment::ActiveModel {
                team_id: Set(actor.team_id),
                message_id: Set(row.id),
                file_name: Set(file.file_name.clone()),
                content_type: Set(file.content_type.clone()),
                size: Set(i64::try_from(file.size).unwrap_or(i64::MAX)),
                storage_key: Set(file.key.clone()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        if status != Some(DeliveryStatus::Draft) {
            let mut active: conversation::ActiveModel = conv.clone().into();
            active.last_message_at = Set(Some(now));
            active.updated_at = Set(now);
            if inbound {
                active.is_read = Set(false);
            }
            active.update(&txn).await?;
            // Drafts are not news until they are sent; notes only for webhooks that opted in.
            let created = Change::new(
                actor.team_id,
                EventData::MessageCreated(MessageCreated {
                    id: row.id,
                    conversation_id: conv.id,
                    message_type: checked.message_type,
                    sender_type,
                }),
            )
            .about_note(checked.message_type == MessageType::Note);
            events::record(&txn, created).await?;
        }
        txn.commit().await?;
        Ok(row.id)
    }
}

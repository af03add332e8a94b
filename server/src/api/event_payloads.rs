//! Webhook events carry the REST API's resource shapes: the outbox holds each event's reference
//! (the resource's id and what the change knew), and this renderer turns it into the same JSON
//! `GET /api/v1/...` answers with, when the event's first attempt is made — less the internal
//! notes, unless the webhook opted in to them.

use crate::api::resources::{ContactResource, ConversationResource, MessageResource};
use backend::services::contacts::ContactService;
use backend::services::conversations::ConversationService;
use backend::services::messages::MessageService;
use backend::services::webhooks::payload::{EventRenderer, Notes, Rendering};
use backend::{Actor, AppState};
use model::webhook::EventType;
use serde_json::Value;

/// Renders events as the REST API shows their resources; `base` is the public origin that
/// attachment download URLs start with.
#[derive(Debug, Clone)]
pub struct ApiShapes {
    /// `https://chat.example.com`, without a trailing slash.
    pub base: String,
}

impl EventRenderer for ApiShapes {
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        team_id: i64,
        event: &'a str,
        reference: &'a Value,
        notes: Notes,
    ) -> Rendering<'a> {
        Box::pin(async move {
            let id = reference.get("id").and_then(Value::as_i64)?;
            // The team's own view of its data: events are not limited by any one user's role.
            let team = Actor::system(team_id);
            let db = &state.db;
            let mut data = match event.parse::<EventType>().ok()? {
                EventType::ConversationCreated
                | EventType::ConversationStatusChanged
                | EventType::ConversationClosed
                | EventType::ConversationUpdated => {
                    let mut found = ConversationService::find_with_thread(db, &team, id)
                        .await
                        .ok()?;
                    if let Some(thread) = found.messages.as_mut() {
                        thread.retain(|(m, _)| notes.admit(&m.message_type));
                    }
                    serde_json::to_value(ConversationResource::from(found))
                }
                EventType::MessageCreated => {
                    let found = MessageService::find(db, &team, id).await.ok()?;
                    // Queued only for readers of notes; one that opted out since gets the ids.
                    if !notes.admit(&found.message.message_type) {
                        return None;
                    }
                    serde_json::to_value(MessageResource::new(found, &self.base))
                }
                EventType::ContactCreated | EventType::ContactUpdated => serde_json::to_value(
                    ContactResource::from(ContactService::find(db, &team, id).await.ok()?),
                ),
                EventType::ConversationTranscript => return None,
            }
            .ok()?;
            // What only the change knew: the status before it.
            if let (Some(obj), Some(previous)) =
                (data.as_object_mut(), reference.get("previous_status"))
            {
                obj.insert("previous_status".into(), previous.clone());
            }
            Some(data)
        })
    }
}

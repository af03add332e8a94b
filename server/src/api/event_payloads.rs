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
use model::event::EventData;

/// Renders events as the REST API shows their resources; `base` is the public origin that
/// attachment download URLs start with.
#[derive(Debug, Clone)]
pub struct ApiShapes {
    /// `https://chat.example.com`, without a trailing slash.
    pub base: String,
}

impl EventRenderer for ApiShapes {
    fn conversation_link(&self, id: i64) -> String {
        format!("{}/inbox/{id}", self.base)
    }

    fn render<'a>(
        &'a self,
        state: &'a AppState,
        team_id: i64,
        event: &'a EventData,
        notes: Notes,
    ) -> Rendering<'a> {
        Box::pin(async move {
            let id = event.resource_id();
            // The team's own view of its data: events are not limited by any one user's role.
            let team = Actor::system(team_id);
            let db = &state.db;
            let conversation = || async {
                let mut found = ConversationService::find_with_thread(db, &team, id)
                    .await
                    .ok()?;
                if let Some(thread) = found.messages.as_mut() {
                    thread.retain(|(m, _)| notes.admit(&m.message_type));
                }
                serde_json::to_value(ConversationResource::from(found)).ok()
            };
            match event {
                EventData::ConversationCreated(_)
                | EventData::ConversationClosed(_)
                | EventData::ConversationUpdated(_) => conversation().await,
                EventData::ConversationStatusChanged(change) => {
                    let mut data = conversation().await?;
                    // What only the change knew: the status before it.
                    if let Some(obj) = data.as_object_mut() {
                        obj.insert(
                            "previous_status".into(),
                            change.previous_status.as_str().into(),
                        );
                    }
                    Some(data)
                }
                EventData::MessageCreated(_) => {
                    let found = MessageService::find(db, &team, id).await.ok()?;
                    // Queued only for readers of notes; one that opted out since gets the ids.
                    if !notes.admit(&found.message.message_type) {
                        return None;
                    }
                    serde_json::to_value(MessageResource::new(found, &self.base)).ok()
                }
                EventData::ContactCreated(_) | EventData::ContactUpdated(_) => {
                    serde_json::to_value(ContactResource::from(
                        ContactService::find(db, &team, id).await.ok()?,
                    ))
                    .ok()
                }
                EventData::ConversationTranscript(_) => None,
                EventData::IntegrationHealthChanged(_) => Some(event.to_value()),
            }
        })
    }
}

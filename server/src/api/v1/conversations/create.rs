//! `POST /api/v1/conversations`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiJson;
use crate::api::resources::{ConversationResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::conversations::{ConversationService, NewApiConversation};
use serde::Deserialize;
use utoipa::ToSchema;

/// The body of `POST /api/v1/conversations`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "inbox_id": 1,
    "contact_id": 1,
    "subject": "New conversation",
    "body": "Initial message content",
    "status": "active",
    "tags": ["vip", "billing"]
}))]
pub struct CreateConversationBody {
    /// The team's inbox (required).
    #[schema(required = true, nullable = false, minimum = 1)]
    pub inbox_id: Option<i64>,
    /// The team's contact (required in standard inboxes).
    #[schema(minimum = 1)]
    pub contact_id: Option<i64>,
    /// The team's custom entity record (required in entity inboxes).
    #[schema(minimum = 1)]
    pub custom_entity_record_id: Option<i64>,
    /// Subject (required, at most 255 characters).
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 255,
        pattern = r"\S"
    )]
    pub subject: Option<String>,
    /// When given, the conversation starts with this email from the contact.
    #[schema(max_length = 65535)]
    pub body: Option<String>,
    /// `active` (default), `pending` or `closed`.
    #[schema(pattern = "^(active|pending|closed)$")]
    pub status: Option<String>,
    /// Tag names (1–50 characters); names the team does not have yet are created with color
    /// `#3b82f6`.
    #[schema(schema_with = crate::api::formats::tag_names)]
    pub tags: Option<Vec<String>>,
    /// What the visitor's browser sent (IP, page, referrer, user agent, location): it becomes
    /// the conversation's latest visit and its contact's last, used by integration variables
    /// (`{{visitor.ip}}`, …) and transcripts.
    pub visitor: Option<crate::api::resources::VisitorResource>,
}

/// Creates a conversation in the token's team (201).
#[utoipa::path(
    post,
    path = "/api/v1/conversations",
    tag = "Conversations",
    summary = "Create a conversation",
    request_body(content = CreateConversationBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created, with its tags and first message", body = crate::api::resources::Single<crate::api::resources::ConversationResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields or ids that are not the team's (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_conversation(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<CreateConversationBody>,
) -> Result<(StatusCode, Json<Single<ConversationResource>>), ApiError> {
    let new = NewApiConversation {
        inbox_id: body.inbox_id,
        contact_id: body.contact_id,
        custom_entity_record_id: body.custom_entity_record_id,
        subject: body.subject,
        body: body.body,
        status: body.status,
        tags: body.tags.unwrap_or_default(),
        visitor: body.visitor.map(Into::into),
    };
    let created = ConversationService::create(&state.app, &caller.actor, new).await?;
    Ok((StatusCode::CREATED, Json(Single::of(created.into()))))
}

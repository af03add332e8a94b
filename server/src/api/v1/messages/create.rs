//! `POST /api/v1/conversations/{conversationId}/messages`.

use crate::api::BaseUrl;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{MessageResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::messages::{MessageService, NewApiMessage};
use serde::Deserialize;
use utoipa::ToSchema;

/// The body of `POST /api/v1/conversations/{conversationId}/messages`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "body": "Refund approved; the customer was told by phone.",
    "type": "note",
    "is_draft": false
}))]
pub struct CreateMessageBody {
    /// The text (required). SMS and WhatsApp allow 1,600 characters, Facebook 2,000,
    /// Instagram 1,000; longer is `MESSAGE_TOO_LONG`.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 65535,
        pattern = r"\S"
    )]
    pub body: Option<String>,
    /// `email`, `sms`, `whatsapp`, `note`, `phone_call`, `facebook` or `instagram` (required).
    #[serde(rename = "type")]
    #[schema(
        required = true,
        nullable = false,
        pattern = "^(email|sms|whatsapp|note|phone_call|facebook|instagram)$"
    )]
    pub message_type: Option<String>,
    /// Save without sending (default false). Notes cannot be drafts.
    pub is_draft: Option<bool>,
    /// A channel of the conversation's inbox; by default the first active one of the type.
    #[schema(minimum = 1)]
    pub inbox_channel_id: Option<i64>,
    /// Public URLs to download (10 MiB and 30 s each, at most 10) and attach.
    #[schema(schema_with = crate::api::formats::file_urls)]
    pub file_urls: Option<Vec<String>>,
    /// The recipient; required in entity record conversations, otherwise the conversation's
    /// contact.
    #[schema(minimum = 1)]
    pub contact_id: Option<i64>,
    /// Copy recipients, comma-separated (email only).
    pub cc: Option<String>,
    /// Blind-copy recipients, comma-separated (email only).
    pub bcc: Option<String>,
    /// `user`, `contact` or `agent`, with `sender_id`; by default the token's user. A message
    /// from the contact is recorded as received (not sent).
    #[schema(pattern = "^(user|contact|agent)$")]
    pub sender_type: Option<String>,
    /// The sender's id in the team, with `sender_type`.
    #[schema(minimum = 1)]
    pub sender_id: Option<i64>,
    /// What the visitor's browser sent (IP, page, referrer, user agent, location): it becomes
    /// the conversation's latest visit and its contact's last, used by integration variables
    /// (`{{visitor.ip}}`, …) and transcripts.
    pub visitor: Option<crate::api::resources::VisitorResource>,
}

/// Creates a message in one of the team's conversations (201). A message that is sent answers
/// `delivery_status: "sending"`; poll `GET /api/v1/messages/{id}` for `sent` or `failed`.
#[utoipa::path(
    post,
    path = "/api/v1/conversations/{conversationId}/messages",
    tag = "Messages",
    summary = "Create (send) a message",
    params(("conversationId" = i64, Path, description = "The conversation's id")),
    request_body(content = CreateMessageBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created: `sending`, `draft`, or null for notes, calls and received messages", body = crate::api::resources::Single<crate::api::resources::MessageResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such conversation in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "`VALIDATION_ERROR`, `INVALID_CHANNEL`, `NO_CHANNEL_FOUND`, `CONTACT_REQUIRED`, `CONTACT_NOT_ASSOCIATED`, `NO_EMAIL_ADDRESS`, `NOTE_CANNOT_BE_DRAFT`, `MESSAGE_TOO_LONG` or `ATTACHMENT_DOWNLOAD_FAILED`", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_message(
    State(state): State<ServerState>,
    caller: ApiCaller,
    BaseUrl(base): BaseUrl,
    ApiPath(conversation_id): ApiPath,
    ApiJson(body): ApiJson<CreateMessageBody>,
) -> Result<(StatusCode, Json<Single<MessageResource>>), ApiError> {
    let new = NewApiMessage {
        body: body.body,
        message_type: body.message_type,
        is_draft: body.is_draft.unwrap_or(false),
        inbox_channel_id: body.inbox_channel_id,
        file_urls: body.file_urls.unwrap_or_default(),
        contact_id: body.contact_id,
        cc: body.cc,
        bcc: body.bcc,
        sender_type: body.sender_type,
        sender_id: body.sender_id,
        visitor: body.visitor.map(Into::into),
    };
    let created = MessageService::create(&state.app, &caller.actor, conversation_id, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(Single::of(MessageResource::new(created, &base))),
    ))
}

//! `GET /api/v1/messages`: filter by `created_after`, `conversation_id`, `inbox_id`, `type`.

use crate::api::BaseUrl;
use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, created_after, paginate};
use crate::api::resources::MessageResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::messages::{MessageQuery, MessageService};
use model::{FieldErrors, MessageType, ValidationError};

/// Lists the team's messages, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/messages",
    tag = "Messages",
    summary = "List messages",
    params(crate::api::params::PollParams, crate::api::params::MessageFilterParams, crate::api::params::PageParams),
    responses(
        (status = 200, description = "Matching messages, oldest first", body = crate::api::pagination::Paginated<crate::api::resources::MessageResource>),
        (status = 422, description = "A parameter is invalid (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_messages(
    State(state): State<ServerState>,
    caller: ApiCaller,
    BaseUrl(base): BaseUrl,
    listing: Listing,
) -> Result<Json<Paginated<MessageResource>>, ApiError> {
    let q = &listing.query;
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(q, &mut errors);
    let query = MessageQuery {
        created_after: created_after(q, &mut errors),
        conversation_id: q.integer(&mut errors, "conversation_id", "Must be a conversation id."),
        inbox_id: q.integer(&mut errors, "inbox_id", "Must be an inbox id."),
        message_type: q.get("type").and_then(|v| {
            errors.check(v.parse::<MessageType>().map_err(|_| {
                ValidationError::new(
                    "type",
                    "Must be email, sms, whatsapp, note, phone_call, facebook or instagram.",
                )
            }))
        }),
    };
    errors.into_result().map_err(|e| validation(&e))?;
    let listed =
        MessageService::list_oldest_first(&state.app.db, &caller.actor, &query, page.window)
            .await?;
    Ok(Json(paginate(
        listed.map(|m| MessageResource::new(m, &base)),
        page,
        &listing.url,
    )))
}

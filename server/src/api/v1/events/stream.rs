//! `GET /api/v1/events`: the team's events as Server-Sent Events, as they are committed, with a
//! replay after `Last-Event-ID` (see `crate::live`). It ends when the token is revoked or its
//! user leaves the team (checked every keep-alive interval, however busy the stream is).

use crate::api::auth::bearer_token;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, unauthenticated};
use crate::live::{EventNames, ResumeQuery, resume_point, sse_response};
use crate::state::ServerState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use backend::ServiceError;
use backend::events::stream::{self, Credential, Viewer};

/// Streams the team's events.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "Events",
    summary = "Stream the team's events (Server-Sent Events)",
    description = "A `text/event-stream` of the team's changes as they are committed: \
        `conversation.created`, `conversation.status_changed`, `conversation.closed`, \
        `conversation.updated` (read state, tags), `conversation.transcript`, \
        `message.created` (internal notes included, as in this API), `contact.created`, \
        `contact.updated`, `integration.health_changed` (an integration became `degraded` — its \
        circuit breaker opened — or `recovered`, with `name`, `reason`, `failures_in_a_row`, \
        `breaker_threshold`, `http_status` and `retry_at`). Each event has `id:` (its id in the team's log), `event:` (its type) \
        and `data:` (JSON `{id, type, timestamp, data}`, where `data` holds the resource's ids \
        and what only the change knew: `status` and `previous_status` for a status change, \
        `changed` (`tags`, `read`) for an update, `conversation_id`, `message_type` and \
        `sender_type` for a message, `email_changed` for a contact; read the resource with \
        this API). Reconnect with `Last-Event-ID` (or `?last_event_id=`) \
        to receive exactly what was missed, however much: everything the log keeps (at least \
        24 hours and each team's newest 100,000 events) is replayed. When part of the gap was \
        pruned, the stream sends `event: reset`: reload what you keep. Idle streams receive a \
        `: keep-alive` comment every 20 seconds. The stream ends within 20 seconds of the \
        token's revocation or its user leaving the team, however busy it is.",
    params(
        ("Last-Event-ID" = Option<i64>, Header, description = "Replay the events after this id"),
        ResumeQuery,
    ),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = String),
        (status = 422, description = "The resume point is not an event id (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn stream_events(
    State(state): State<ServerState>,
    caller: ApiCaller,
    headers: HeaderMap,
    Query(query): Query<ResumeQuery>,
) -> Result<Response, ApiError> {
    let resume = resume_point(&headers, query.last_event_id.as_deref())
        .map_err(|m| ServiceError::invalid("last_event_id", m))?;
    let token = bearer_token(&headers).ok_or_else(unauthenticated)?;
    let viewer = Viewer {
        actor: caller.actor,
        credential: Credential::Token(token.to_string()),
    };
    let events = stream::open(&state.app.live, &state.app.db, viewer, resume).await?;
    Ok(sse_response(events, EventNames::Named))
}

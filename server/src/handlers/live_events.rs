//! `GET /live/events`: the signed-in browser's live event stream (session cookie; a GET, so the
//! same-origin rules let it through and it changes nothing). See `crate::live` for the format.
//! It ends when the session ends (sign-out, expiry, removal from the team, switching teams).

use crate::api::errors::{ApiError, unauthenticated};
use crate::live::{EventNames, ResumeQuery, resume_point, sse_response};
use crate::state::ServerState;
use app::server_fns::context::{origin_of, session_token_in};
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::response::Response;
use backend::ServiceError;
use backend::auth::SessionService;
use backend::events::stream::{self, Credential, Viewer};

/// Streams the signed-in member's team events.
pub async fn live_events(
    State(state): State<ServerState>,
    Query(query): Query<ResumeQuery>,
    parts: Parts,
) -> Result<Response, ApiError> {
    let resume = resume_point(&parts.headers, query.last_event_id.as_deref())
        .map_err(|m| ServiceError::invalid("last_event_id", m))?;
    let origin = origin_of(&state.app, Some(&parts));
    let token = session_token_in(&parts, &origin).ok_or_else(unauthenticated)?;
    let signed_in = SessionService::resolve(&state.app.db, &token).await?;
    let viewer = Viewer {
        actor: signed_in.actor,
        credential: Credential::Session(token),
    };
    let events = stream::open(&state.app.live, &state.app.db, viewer, resume).await?;
    Ok(sse_response(events, EventNames::InDataOnly))
}

//! `GET /api/v1/conversations/{id}`: one conversation with its messages.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{ConversationResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::conversations::ConversationService;

/// One of the team's conversations with its thread; another team's is 404.
#[utoipa::path(
    get,
    path = "/api/v1/conversations/{id}",
    tag = "Conversations",
    summary = "Get a conversation with its messages",
    params(("id" = i64, Path, description = "The conversation's id")),
    responses(
        (status = 200, description = "The conversation and its thread", body = crate::api::resources::Single<crate::api::resources::ConversationResource>),
        (status = 404, description = "No such conversation in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_conversation(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<ConversationResource>>, ApiError> {
    let conversation =
        ConversationService::find_with_thread(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(conversation.into())))
}

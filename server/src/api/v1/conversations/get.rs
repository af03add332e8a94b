//! `GET /api/v1/conversations/{id}`: one conversation with its messages.

use crate::api::auth::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{ConversationResource, Single};
use crate::routes::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::conversations::ConversationService;

/// One of the team's conversations with its thread; another team's is 404.
pub async fn get_conversation(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<ConversationResource>>, ApiError> {
    let conversation = ConversationService::api_find(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(conversation.into())))
}

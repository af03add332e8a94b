//! `GET /api/v1/messages/{id}`.

use crate::api::auth::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{MessageResource, Single};
use crate::routes::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::messages::MessageService;

/// One of the team's messages; another team's is 404.
pub async fn get_message(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<MessageResource>>, ApiError> {
    let message = MessageService::api_find(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(message.into())))
}

//! `GET /api/v1/messages/{id}`.

use crate::api::BaseUrl;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{MessageResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::messages::MessageService;

/// One of the team's messages; another team's is 404.
#[utoipa::path(
    get,
    path = "/api/v1/messages/{id}",
    tag = "Messages",
    summary = "Get a message",
    params(("id" = i64, Path, description = "The message's id")),
    responses(
        (status = 200, description = "The message", body = crate::api::resources::Single<crate::api::resources::MessageResource>),
        (status = 404, description = "No such message in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_message(
    State(state): State<ServerState>,
    caller: ApiCaller,
    BaseUrl(base): BaseUrl,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<MessageResource>>, ApiError> {
    let message = MessageService::find(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(MessageResource::new(message, &base))))
}

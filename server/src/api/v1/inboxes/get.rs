//! `GET /api/v1/inboxes/{id}`: one inbox with its channels.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{ChannelResource, InboxDetailResource, InboxResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::inboxes::InboxService;

/// One of the team's inboxes; another team's is 404.
#[utoipa::path(
    get,
    path = "/api/v1/inboxes/{id}",
    tag = "Inboxes",
    summary = "Get an inbox with its channels",
    params(("id" = i64, Path, description = "The inbox's id")),
    responses(
        (status = 200, description = "The inbox", body = crate::api::resources::Single<crate::api::resources::InboxDetailResource>),
        (status = 404, description = "No such inbox in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_inbox(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<InboxDetailResource>>, ApiError> {
    let db = &state.app.db;
    let inbox = InboxService::find(db, &caller.actor, id).await?;
    let channels = InboxService::channels(db, &caller.actor, inbox.id).await?;
    Ok(Json(Single::of(InboxDetailResource {
        inbox: InboxResource::from(inbox),
        channels: channels.into_iter().map(ChannelResource::from).collect(),
    })))
}

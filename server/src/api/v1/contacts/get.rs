//! `GET /api/v1/contacts/{id}`.

use crate::api::auth::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{ContactResource, Single};
use crate::routes::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::contacts::ContactService;

/// One of the team's contacts; another team's is 404.
pub async fn get_contact(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<ContactResource>>, ApiError> {
    let contact = ContactService::find(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(contact.into())))
}

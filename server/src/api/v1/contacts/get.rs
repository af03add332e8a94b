//! `GET /api/v1/contacts/{id}`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiPath;
use crate::api::resources::{ContactResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::contacts::ContactService;

/// One of the team's contacts; another team's is 404.
#[utoipa::path(
    get,
    path = "/api/v1/contacts/{id}",
    tag = "Contacts",
    summary = "Get a contact",
    params(("id" = i64, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The contact", body = crate::api::resources::Single<crate::api::resources::ContactResource>),
        (status = 404, description = "No such contact in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_contact(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<Single<ContactResource>>, ApiError> {
    let contact = ContactService::find(&state.app.db, &caller.actor, id).await?;
    Ok(Json(Single::of(contact.into())))
}

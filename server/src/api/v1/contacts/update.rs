//! `PUT` / `PATCH /api/v1/contacts/{id}`: both partial; `custom_attributes` merge key by key and a
//! `null` value removes a key.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{ContactResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::contacts::{ContactChanges, ContactService};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The body of `PUT`/`PATCH /api/v1/contacts/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Jane Doe",
    "custom_attributes": {"company": "New Corp", "role": null}
}))]
pub struct UpdateContactBody {
    /// New name.
    pub name: Option<String>,
    /// New email; `""` or `null` removes it.
    #[serde(default, deserialize_with = "crate::api::extract::present")]
    pub email: Option<Option<String>>,
    /// New phone number; `""` or `null` removes it.
    #[serde(default, deserialize_with = "crate::api::extract::present")]
    pub phone_number: Option<Option<String>>,
    /// Attributes to merge; a `null` value removes that key.
    #[schema(value_type = Option<Object>)]
    pub custom_attributes: Option<Map<String, Value>>,
}

/// Updates one of the team's contacts.
#[utoipa::path(
    method(put, patch),
    path = "/api/v1/contacts/{id}",
    tag = "Contacts",
    summary = "Update a contact (partial; attributes merged, null removes a key)",
    params(("id" = i64, Path, description = "The contact's id")),
    request_body(content = UpdateContactBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated", body = crate::api::resources::Single<crate::api::resources::ContactResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such contact in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields (`VALIDATION_ERROR`), or `DUPLICATE_EMAIL` / `DUPLICATE_PHONE`", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_contact(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<UpdateContactBody>,
) -> Result<Json<Single<ContactResource>>, ApiError> {
    let changes = ContactChanges {
        name: body.name,
        email: body.email.map(Option::unwrap_or_default),
        phone: body.phone_number.map(Option::unwrap_or_default),
        custom_attributes: body.custom_attributes,
    };
    let contact = ContactService::update(&state.app, &caller.actor, id, changes).await?;
    Ok(Json(Single::of(contact.into())))
}

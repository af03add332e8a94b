//! `PUT` / `PATCH /api/v1/contacts/{id}`: both partial; `custom_attributes` merge key by key and a
//! `null` value removes a key.

use crate::api::auth::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{ContactResource, Single};
use crate::routes::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::contacts::{ContactChanges, ContactService};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The body of `PUT`/`PATCH /api/v1/contacts/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContactBody {
    /// New name.
    pub name: Option<String>,
    /// New email; `""` or `null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub email: Option<Option<String>>,
    /// New phone number; `""` or `null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub phone_number: Option<Option<String>>,
    /// Attributes to merge; a `null` value removes that key.
    #[schema(value_type = Object)]
    pub custom_attributes: Option<Map<String, Value>>,
}

/// Tells "given as null" (`Some(None)`) from "absent" (`None`, via `default`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Updates one of the team's contacts.
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
    let contact = ContactService::update(&state.app.db, &caller.actor, id, changes).await?;
    Ok(Json(Single::of(contact.into())))
}

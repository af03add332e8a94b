//! `POST /api/v1/contacts`.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiJson;
use crate::api::resources::{ContactResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::contacts::{ContactService, NewContact};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The body of `POST /api/v1/contacts`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "John Doe",
    "email": "john@example.com",
    "phone_number": "+44 1234 567890",
    "custom_attributes": {"company": "Acme Corp", "role": "Manager"}
}))]
pub struct CreateContactBody {
    /// Name (required, at most 100 characters).
    #[schema(required = true, nullable = false)]
    pub name: Option<String>,
    /// Email, unique in the team.
    pub email: Option<String>,
    /// Phone number in international format (`+44 1234 567890`); stored as E.164, unique in the team.
    pub phone_number: Option<String>,
    /// Free-form attributes.
    #[schema(value_type = Option<Object>)]
    pub custom_attributes: Option<Map<String, Value>>,
}

/// Creates a contact in the token's team (201).
#[utoipa::path(
    post,
    path = "/api/v1/contacts",
    tag = "Contacts",
    summary = "Create a contact",
    request_body(content = CreateContactBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = crate::api::resources::Single<crate::api::resources::ContactResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields (`VALIDATION_ERROR`), or `DUPLICATE_EMAIL` / `DUPLICATE_PHONE`", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_contact(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<CreateContactBody>,
) -> Result<(StatusCode, Json<Single<ContactResource>>), ApiError> {
    let new = NewContact {
        name: body.name.unwrap_or_default(),
        email: body.email.unwrap_or_default(),
        phone: body.phone_number.unwrap_or_default(),
        custom_attributes: body.custom_attributes.unwrap_or_default(),
        ..NewContact::default()
    };
    let contact = ContactService::create(&state.app, caller.actor.team_id, new).await?;
    Ok((StatusCode::CREATED, Json(Single::of(contact.into()))))
}

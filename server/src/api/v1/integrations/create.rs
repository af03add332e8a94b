//! `POST /api/v1/integrations`.

use super::IntegrationBody;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiJson;
use crate::api::resources::{IntegrationResource, Single};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::integrations::IntegrationService;
use model::integration::IntegrationInput;

/// Creates an integration (admin tokens; 201).
#[utoipa::path(
    post,
    path = "/api/v1/integrations",
    tag = "Integrations",
    summary = "Create a contact integration",
    request_body(content = super::IntegrationBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = crate::api::resources::Single<crate::api::resources::IntegrationResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields, e.g. an unknown `{{variable}}` or a private address (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_integration(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<IntegrationBody>,
) -> Result<(StatusCode, Json<Single<IntegrationResource>>), ApiError> {
    let input = body.apply(IntegrationInput::default());
    let created = IntegrationService::create(&state.app, &caller.actor, input).await?;
    let view = IntegrationService::view(&state.app, &caller.actor, created.row.id).await?;
    Ok((StatusCode::CREATED, Json(Single::of(view.into()))))
}

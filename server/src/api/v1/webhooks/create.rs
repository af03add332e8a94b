//! `POST /api/v1/webhooks`.

use super::WebhookBody;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::ApiJson;
use crate::api::resources::{Single, WebhookResource};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use backend::services::webhooks::WebhookService;
use model::webhook::WebhookInput;

/// Creates a webhook (admin tokens; 201). The answer holds the signing secret, shown only here
/// and after a rotation.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "Webhooks",
    summary = "Create a webhook",
    request_body(content = super::WebhookBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created, with its signing secret", body = crate::api::resources::Single<crate::api::resources::WebhookResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields, e.g. an unknown event or a private address (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_webhook(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<WebhookBody>,
) -> Result<(StatusCode, Json<Single<WebhookResource>>), ApiError> {
    let input = WebhookInput {
        url: body.url.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        events: body.events.unwrap_or_default(),
        is_active: body.is_active.unwrap_or(true),
        include_internal_notes: body.include_internal_notes.unwrap_or(false),
        payload_format: body.payload_format.unwrap_or_default(),
    };
    let created = WebhookService::create(&state.app, &caller.actor, input).await?;
    Ok((StatusCode::CREATED, Json(Single::of(created.into()))))
}

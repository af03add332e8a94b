//! `PATCH /api/v1/webhooks/{id}`.

use super::WebhookBody;
use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::{Single, WebhookResource};
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::webhooks::{WebhookChange, WebhookService};

/// Changes the given fields (admin tokens). Switching a webhook back on clears the reason
/// Chatlane switched it off.
#[utoipa::path(
    patch,
    path = "/api/v1/webhooks/{id}",
    tag = "Webhooks",
    summary = "Update a webhook",
    params(("id" = i64, Path, description = "The webhook's id")),
    request_body(content = super::WebhookBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The changed webhook", body = crate::api::resources::Single<crate::api::resources::WebhookResource>),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such webhook in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "Invalid fields (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_webhook(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<WebhookBody>,
) -> Result<Json<Single<WebhookResource>>, ApiError> {
    let change = WebhookChange {
        url: body.url,
        description: body.description,
        events: body.events,
        is_active: body.is_active,
        include_internal_notes: body.include_internal_notes,
        payload_format: body.payload_format,
    };
    let changed = WebhookService::update(&state.app, &caller.actor, id, change).await?;
    Ok(Json(Single::of(changed.into())))
}

//! `GET` / `PUT /api/v1/inboxes/{id}/integrations`: which integrations an inbox runs, in order.

use crate::api::caller::ApiCaller;
use crate::api::errors::ApiError;
use crate::api::extract::{ApiJson, ApiPath};
use crate::api::resources::InboxIntegrationResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::integrations::inbox_links::{InboxLink, InboxLinkService};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One entry of an inbox's integration list.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentBody {
    /// One of the team's integrations.
    pub integration_id: i64,
    /// Runs in this inbox (default true).
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

/// The body of `PUT /api/v1/inboxes/{id}/integrations`: the whole list, in display order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"integrations": [{"integration_id": 1, "enabled": true}, {"integration_id": 2, "enabled": false}]}))]
pub struct InboxIntegrationsBody {
    /// Attached integrations in display order; any not listed is detached.
    pub integrations: Vec<AttachmentBody>,
}

/// `{"data": [...]}`: an inbox's integrations in display order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxIntegrationList {
    /// The attached integrations.
    pub data: Vec<InboxIntegrationResource>,
}

fn list(
    rows: Vec<backend::services::integrations::inbox_links::InboxIntegration>,
) -> Json<InboxIntegrationList> {
    Json(InboxIntegrationList {
        data: rows
            .into_iter()
            .map(InboxIntegrationResource::from)
            .collect(),
    })
}

/// The integrations one of the team's inboxes runs, in display order.
#[utoipa::path(
    get,
    path = "/api/v1/inboxes/{id}/integrations",
    tag = "Integrations",
    summary = "List an inbox's integrations",
    params(("id" = i64, Path, description = "The inbox's id")),
    responses(
        (status = 200, description = "The inbox's integrations", body = InboxIntegrationList),
        (status = 404, description = "No such inbox in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_inbox_integrations(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Json<InboxIntegrationList>, ApiError> {
    Ok(list(
        InboxLinkService::of_inbox(&state.app.db, &caller.actor, id).await?,
    ))
}

/// Replaces an inbox's integrations (admin tokens): attach, detach, enable per inbox and order.
#[utoipa::path(
    put,
    path = "/api/v1/inboxes/{id}/integrations",
    tag = "Integrations",
    summary = "Set an inbox's integrations",
    params(("id" = i64, Path, description = "The inbox's id")),
    request_body(content = InboxIntegrationsBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The inbox's integrations now", body = InboxIntegrationList),
        (status = 400, description = "Malformed JSON (`MALFORMED_REQUEST`)", body = crate::api::errors::ErrorBody),
        (status = 403, description = "The token's user is not an admin (`UNAUTHORIZED`)", body = crate::api::errors::ErrorBody),
        (status = 404, description = "No such inbox in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 415, description = "Not JSON (`UNSUPPORTED_MEDIA_TYPE`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "An unknown or repeated integration (`VALIDATION_ERROR`, by position)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_inbox_integrations(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    ApiJson(body): ApiJson<InboxIntegrationsBody>,
) -> Result<Json<InboxIntegrationList>, ApiError> {
    let wanted: Vec<InboxLink> = body
        .integrations
        .iter()
        .map(|a| InboxLink {
            integration_id: a.integration_id,
            enabled: a.enabled,
        })
        .collect();
    Ok(list(
        InboxLinkService::set_for_inbox(&state.app.db, &caller.actor, id, &wanted).await?,
    ))
}

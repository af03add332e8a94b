//! `GET /api/v1/contacts/{id}/integration-data`: the contact's integration results.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::extract::ApiPath;
use crate::api::resources::IntegrationResultResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use backend::services::integrations::runner::{self, Refresh, RunRequest};
use model::integration::RunTrigger;
use model::{FieldErrors, ValidationError};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// Which integrations to run, and whether cached answers may be used.
#[derive(Debug, Clone, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IntegrationDataParams {
    /// A conversation of the contact: its inbox decides which integrations run, and its
    /// `{{conversation.*}}` variables are filled.
    pub conversation_id: Option<i64>,
    /// Without a conversation, the inbox whose integrations run; without either, every
    /// integration attached to any inbox runs once.
    pub inbox_id: Option<i64>,
    /// `true` calls every API afresh (and replaces the cached answers); default `false`.
    pub refresh: Option<bool>,
}

/// `{"data": [...]}`: one result per integration, in display order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntegrationData {
    /// The results.
    pub data: Vec<IntegrationResultResource>,
}

/// Runs the integrations for one of the team's contacts (any token) and returns every result,
/// in display order. Answers come from the cache within each integration's cache duration
/// (`from_cache`) unless `refresh=true`. Never cached by HTTP caches.
#[utoipa::path(
    get,
    path = "/api/v1/contacts/{id}/integration-data",
    tag = "Integrations",
    summary = "Get a contact's integration data",
    params(("id" = i64, Path, description = "The contact's id"), IntegrationDataParams),
    responses(
        (status = 200, description = "One result per integration (failed calls included, with `status` and `error`)", body = IntegrationData),
        (status = 404, description = "No such contact in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
        (status = 422, description = "A conversation that is not the contact's, an unknown inbox or a bad parameter (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_integration_data(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
    listing: Listing,
) -> Result<impl IntoResponse, ApiError> {
    let query = &listing.query;
    let mut errors = FieldErrors::new();
    let conversation_id = query.integer(&mut errors, "conversation_id", "Use a conversation id.");
    let inbox_id = query.integer(&mut errors, "inbox_id", "Use an inbox id.");
    let refresh = match query.get("refresh") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.add(ValidationError::new("refresh", "Use true or false."));
            false
        }
    };
    errors.into_result().map_err(|e| validation(&e))?;
    let results = runner::run_all(
        &state.app,
        &caller.actor,
        RunRequest {
            contact_id: id,
            conversation_id,
            inbox_id,
            refresh: if refresh { Refresh::All } else { Refresh::No },
            trigger: if refresh {
                RunTrigger::Refresh
            } else {
                RunTrigger::Api
            },
        },
    )
    .await?;
    let body = IntegrationData {
        data: results
            .into_iter()
            .map(IntegrationResultResource::from)
            .collect(),
    };
    // Fresh every time (the answer cache skips no-store answers): cache durations are the
    // integrations' own, and refresh=true must reach the APIs.
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)))
}

//! `GET /api/v1/contacts`: filter by `created_after`, exact `email`, `phone_number` (normalised to
//! E.164 before matching); all combinable.

use crate::api::Listing;
use crate::api::caller::ApiCaller;
use crate::api::errors::{ApiError, validation};
use crate::api::pagination::{PageRequest, Paginated, created_after, paginate};
use crate::api::resources::ContactResource;
use crate::state::ServerState;
use axum::Json;
use axum::extract::State;
use backend::services::contacts::{ContactFilter, ContactService, PHONE_FIELD};
use model::FieldErrors;
use model::validation::{EmailAddress, PhoneNumber};

/// Lists the team's contacts, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/contacts",
    tag = "Contacts",
    summary = "List contacts",
    params(crate::api::params::PollParams, crate::api::params::ContactFilterParams, crate::api::params::PageParams),
    responses(
        (status = 200, description = "Matching contacts, oldest first", body = crate::api::pagination::Paginated<crate::api::resources::ContactResource>),
        (status = 422, description = "A parameter is invalid (`VALIDATION_ERROR`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_contacts(
    State(state): State<ServerState>,
    caller: ApiCaller,
    listing: Listing,
) -> Result<Json<Paginated<ContactResource>>, ApiError> {
    let query = &listing.query;
    let mut errors = FieldErrors::new();
    let page = PageRequest::from_query(query, &mut errors);
    let filter = ContactFilter {
        created_after: created_after(query, &mut errors),
        email: query
            .get("email")
            .and_then(|e| errors.check(EmailAddress::parse("email", e))),
        phone_number: query
            .phone(PHONE_FIELD)
            .and_then(|p| errors.check(PhoneNumber::parse(PHONE_FIELD, &p))),
    };
    errors.into_result().map_err(|e| validation(&e))?;
    let listed = ContactService::list(&state.app.db, &caller.actor, &filter, page.window).await?;
    Ok(Json(paginate(
        listed.map(ContactResource::from),
        page,
        &listing.url,
    )))
}

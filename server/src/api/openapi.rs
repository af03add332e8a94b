//! The OpenAPI 3.1 document of REST API v1, generated from the handlers' own annotations and
//! types, served at `/api/v1/openapi.json` (no token needed) and rendered at `/docs/api`.

use crate::api::openapi_links::Links;
use crate::api::v1::{
    attachments, contacts, conversations, custom_entity_records, events, inboxes, integrations,
    messages, webhooks,
};
use axum::Json;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use std::sync::LazyLock;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The bearer-token security scheme.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description = Some(
            "An API token from Settings → API tokens (or `chatlane token create`), sent as \
             `Authorization: Bearer chl_…`. It acts as its creator, in one team."
                .into(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The answers every secured operation can give before its handler runs — 401 (no valid token),
/// 403 `TEAM_ACCESS_DENIED` (the token's user left the team) and 429 (over the token's rate
/// limit) — documented once here rather than in each handler. A handler that documents one of
/// these statuses itself (403 "admins only") keeps its own.
struct SecuredResponses;

impl SecuredResponses {
    const ANSWERS: [(&str, &str); 3] = [
        ("401", "Missing or invalid token (`UNAUTHENTICATED`)"),
        (
            "403",
            "The token's user is no longer a member of its team (`TEAM_ACCESS_DENIED`)",
        ),
        (
            "429",
            "Over the token's rate limit (`RATE_LIMITED`); see `Retry-After`",
        ),
    ];
}

impl Modify for SecuredResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                if op.security.is_none() {
                    continue;
                }
                for (status, description) in Self::ANSWERS {
                    let response = ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build();
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert(RefOr::T(response));
                }
            }
        }
    }
}

/// REST API v1.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chatlane REST API",
        version = "1",
        description = "Conversations, messages, contacts, custom entity records, inboxes, contact integrations and webhooks of one team. Every request \
            needs `Authorization: Bearer <token>`. Collections answer `{data, links, meta}`, \
            ordered by `created_at` then `id`; poll with `created_after`. Errors answer \
            `{error, code, details}`. Requests are limited per token (see the `RateLimit-*` \
            headers); over the limit the answer is 429 with `Retry-After`."
    ),
    servers((url = "/", description = "This server")),
    paths(
        conversations::list::list_conversations,
        conversations::get::get_conversation,
        conversations::create::create_conversation,
        messages::list::list_messages,
        messages::get::get_message,
        messages::create::create_message,
        attachments::download::download_attachment,
        contacts::list::list_contacts,
        contacts::get::get_contact,
        contacts::create::create_contact,
        contacts::update::update_contact,
        custom_entity_records::list::list_records,
        custom_entity_records::get::get_record,
        custom_entity_records::create::create_record,
        custom_entity_records::update::update_record,
        inboxes::list::list_inboxes,
        inboxes::get::get_inbox,
        inboxes::integrations::list_inbox_integrations,
        inboxes::integrations::set_inbox_integrations,
        integrations::list::list_integrations,
        integrations::get::get_integration,
        integrations::create::create_integration,
        integrations::update::update_integration,
        integrations::delete::delete_integration,
        integrations::test::test_integration,
        integrations::cache::get_integration_cache,
        integrations::cache::clear_integration_cache,
        contacts::integration_data::get_integration_data,
        webhooks::list::list_webhooks,
        webhooks::get::get_webhook,
        webhooks::create::create_webhook,
        webhooks::update::update_webhook,
        webhooks::delete::delete_webhook,
        webhooks::rotate_secret::rotate_webhook_secret,
        webhooks::test::send_test_event,
        webhooks::deliveries::list_deliveries,
        webhooks::redeliver::redeliver,
        events::stream::stream_events,
    ),
    modifiers(&BearerToken, &SecuredResponses, &Links),
    tags(
        (name = "Conversations", description = "Conversations with contacts, and their threads."),
        (name = "Messages", description = "Messages across conversations."),
        (name = "Contacts", description = "The team's contacts; email and phone are unique in the team."),
        (name = "Custom entity records", description = "Records of the team's custom entities (orders, shipments, …); `values` follow the entity's attribute definitions."),
        (name = "Inboxes", description = "Inboxes and their channels (read-only)."),
        (name = "Integrations", description = "Contact integrations: admin-configured calls to the team's own systems (admin tokens), the integrations each inbox runs, and a contact's results (any token)."),
        (name = "Events", description = "The team's changes as a live Server-Sent Events stream, resumable with `Last-Event-ID`: what webhooks send, without a public endpoint to receive them and without polling."),
        (name = "Webhooks", description = "Outgoing webhooks (admin tokens): events POSTed as JSON `{type, timestamp, data}` (the transcript, or the resource as this API shows it), signed per Standard Webhooks v1 (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried for about 36 hours, with a delivery log."),
    )
)]
pub struct ApiDoc;

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    crate::api::openapi_links::camel_case_links(&mut document);
    document
});

/// The document as JSON, built once per process (it only changes with the code).
pub fn document() -> &'static Value {
    &DOCUMENT
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-cache")], Json(document()))
}

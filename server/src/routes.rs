//! The one place that lists every route: the app's pages and server functions, the REST API,
//! health, metrics and assets.

use crate::api::errors::{method_not_allowed, unknown_endpoint};
use crate::api::v1::{
    attachments, contacts, conversations, custom_entity_records, events, inboxes, integrations,
    messages, webhooks,
};
use crate::api::{answer_cache, auth, openapi};
use crate::assets::{self, SiteBundle};
use crate::docs::api_reference;
use crate::handlers::{demo_crm, health, live_events, live_worker, metrics};
use crate::middleware::security_headers::{Hsts, add_security_headers};
use crate::middleware::{csrf, sign_in};
use crate::state::{ApiState, ServerState};
use app::{App, PageAssets, shell};
use axum::Router;
use axum::routing::get;
use backend::AppState;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::path::Path;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// How long any request may take before the client gets a 503: a stalled render or query must not
/// hold a connection (and a worker) forever.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    axum::response::IntoResponse::into_response(crate::api::errors::internal())
}

/// Builds the application router.
pub fn router(
    leptos: LeptosOptions,
    app_state: AppState,
    api: ApiState,
    metrics_access: metrics::MetricsAccess,
    hsts: Hsts,
) -> Router {
    let state = ServerState::new(leptos.clone(), app_state.clone(), api);
    let context = {
        let app_state = app_state.clone();
        move || provide_context(app_state.clone())
    };
    let bundle = SiteBundle::open(Path::new(&*leptos.site_root), &leptos.site_pkg_dir);
    let page_assets = PageAssets {
        stylesheet: assets::stylesheet_href(),
        bundle_root: bundle.root(),
    };
    let page_shell = {
        let leptos = leptos.clone();
        let page_assets = page_assets.clone();
        move || shell(leptos.clone(), page_assets.clone())
    };
    // Every route above `route_layer` requires a bearer token and counts against its rate limit.
    let api_v1 = Router::new()
        .route(
            "/conversations",
            get(conversations::list::list_conversations)
                .post(conversations::create::create_conversation),
        )
        .route(
            "/conversations/{id}",
            get(conversations::get::get_conversation),
        )
        .route(
            "/conversations/{id}/messages",
            axum::routing::post(messages::create::create_message),
        )
        .route("/events", get(events::stream::stream_events))
        .route("/messages", get(messages::list::list_messages))
        .route("/messages/{id}", get(messages::get::get_message))
        .route(
            "/attachments/{id}",
            get(attachments::download::download_attachment),
        )
        .route("/inboxes", get(inboxes::list::list_inboxes))
        .route("/inboxes/{id}", get(inboxes::get::get_inbox))
        .route(
            "/inboxes/{id}/integrations",
            get(inboxes::integrations::list_inbox_integrations)
                .put(inboxes::integrations::set_inbox_integrations),
        )
        .route(
            "/integrations",
            get(integrations::list::list_integrations)
                .post(integrations::create::create_integration),
        )
        .route(
            "/integrations/{id}",
            get(integrations::get::get_integration)
                .put(integrations::update::update_integration)
                .patch(integrations::update::update_integration)
                .delete(integrations::delete::delete_integration),
        )
        .route(
            "/integrations/{id}/test",
            axum::routing::post(integrations::test::test_integration),
        )
        .route(
            "/integrations/{id}/cache",
            get(integrations::cache::get_integration_cache)
                .delete(integrations::cache::clear_integration_cache),
        )
        .route(
            "/webhooks",
            get(webhooks::list::list_webhooks).post(webhooks::create::create_webhook),
        )
        .route(
            "/webhooks/{id}",
            get(webhooks::get::get_webhook)
                .patch(webhooks::update::update_webhook)
                .delete(webhooks::delete::delete_webhook),
        )
        .route(
            "/webhooks/{id}/rotate-secret",
            axum::routing::post(webhooks::rotate_secret::rotate_webhook_secret),
        )
        .route(
            "/webhooks/{id}/test",
            axum::routing::post(webhooks::test::send_test_event),
        )
        .route(
            "/webhooks/{id}/deliveries",
            get(webhooks::deliveries::list_deliveries),
        )
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            axum::routing::post(webhooks::redeliver::redeliver),
        )
        .route(
            "/contacts/{id}/integration-data",
            get(contacts::integration_data::get_integration_data),
        )
        .route(
            "/contacts",
            get(contacts::list::list_contacts).post(contacts::create::create_contact),
        )
        .route(
            "/custom-entity-records",
            get(custom_entity_records::list::list_records)
                .post(custom_entity_records::create::create_record),
        )
        .route(
            "/custom-entity-records/{id}",
            get(custom_entity_records::get::get_record)
                .put(custom_entity_records::update::update_record)
                .patch(custom_entity_records::update::update_record),
        )
        .route(
            "/contacts/{id}",
            get(contacts::get::get_contact)
                .put(contacts::update::update_contact)
                .patch(contacts::update::update_contact),
        )
        // Layers run bottom-up: authenticate, then answer from the cache when the data is unchanged.
        .route_layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(answer_cache::AnswerReuse {
                answers: state.api.answers.clone(),
                public_url: state.api.public_url.clone(),
            }),
            answer_cache::reuse_answers,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        // Public: the API's own description.
        .route("/openapi.json", get(openapi::openapi_json))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown_endpoint);

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/livez", get(health::livez))
        .route(
            "/metrics",
            get({
                let app_state = app_state.clone();
                move |headers| metrics::metrics(app_state.clone(), metrics_access.clone(), headers)
            }),
        )
        .route("/assets/app.css", get(assets::stylesheet))
        .merge(bundle.service())
        .route("/docs/api", get(api_reference::api_reference))
        .route("/live/events", get(live_events::live_events))
        .route("/live/worker.js", get(live_worker::live_worker))
        // The built-in demo's CRM (answers only while a demo integration exists).
        .route("/demo/crm/customers/{email}", get(demo_crm::customer))
        .route("/demo/crm/customers/{email}/orders", get(demo_crm::orders))
        .nest("/api/v1", api_v1)
        // Pages (server-rendered, then hydrated) and every server function under /rpc; a
        // signed-out visitor's page request is redirected before anything renders.
        .merge(
            Router::new()
                .leptos_routes_with_context(
                    &state,
                    generate_route_list(App),
                    context.clone(),
                    page_shell,
                )
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    sign_in::pages_need_sign_in,
                )),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, move |options| {
            shell(options, page_assets.clone())
        }))
        .layer(axum::middleware::map_response(assets::revalidate_pages))
        .layer(axum::middleware::from_fn(csrf::same_origin_only))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        // A bug that panics answers 500 (and is logged) instead of dropping the connection.
        .layer(CatchPanicLayer::custom(panic_response))
        // Outside the panic and timeout answers, so those are counted too.
        .layer(axum::middleware::from_fn_with_state(
            app_state.metrics.clone(),
            metrics::count_responses,
        ))
        // Outside the panic and timeout answers, so those carry the headers too.
        .layer(axum::middleware::from_fn_with_state(
            hsts,
            add_security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

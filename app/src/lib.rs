//! The Chatlane web app: pages and components grouped by area, and the server functions behind
//! them. Built with `ssr` into the server and with `hydrate` into the browser's wasm.

#![recursion_limit = "256"]

pub mod auth;
pub mod contacts;
pub mod csp;
pub mod errors;
pub mod format;
pub mod inbox;
pub mod integrations;
pub mod layout;
pub mod live;
pub mod server_fns;
pub mod settings;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// Where a page finds its stylesheet and browser bundle; both URLs carry a content hash.
#[derive(Debug, Clone)]
pub struct PageAssets {
    /// The generated CSS's URL.
    pub stylesheet: String,
    /// The prefix before `/pkg/…` of the wasm, its JS and its lazily loaded chunks.
    pub bundle_root: String,
}

/// The HTML document around the app.
pub fn shell(options: LeptosOptions, assets: PageAssets) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::apply_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=assets.stylesheet />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HydrationScripts options root=assets.bundle_root />
                <MetaTags />
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The router: the login page, and every signed-in page inside the app layout. The inbox is in the
/// main bundle; every other page is a lazily loaded route whose wasm chunk is fetched when it is
/// first opened, together with its data.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Chatlane" />
        <Router>
            <Routes fallback=|| view! { <layout::NotFound /> }>
                <Route path=path!("/login") view=auth::LoginPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=layout::AppLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=|| view! { <Redirect path="/inbox" /> } />
                    <Route path=path!("inbox") view=inbox::InboxPage ssr=SsrMode::Async />
                    <Route path=path!("inbox/:id") view=inbox::InboxPage ssr=SsrMode::Async />
                    <Route
                        path=path!("contacts")
                        view={Lazy::<contacts::ContactsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("integrations")
                        view={Lazy::<integrations::IntegrationsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("integrations/health")
                        view={Lazy::<integrations::IntegrationHealthRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("integrations/new")
                        view={Lazy::<integrations::IntegrationEditorRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("integrations/:id")
                        view={Lazy::<integrations::IntegrationEditorRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("inboxes/:id/settings")
                        view={Lazy::<integrations::InboxIntegrationsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("settings")
                        view={Lazy::<settings::TeamSettingsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("settings/api-tokens")
                        view={Lazy::<settings::ApiTokensRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("settings/channels")
                        view={Lazy::<settings::ChannelsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("settings/custom-entities")
                        view={Lazy::<settings::CustomEntitiesRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("settings/webhooks")
                        view={Lazy::<settings::WebhooksRoute>::new()}
                        ssr=SsrMode::Async
                    />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

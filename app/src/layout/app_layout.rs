//! The signed-in shell every page is drawn in: it reads the viewer first (and where the live
//! stream starts), then lays out the sidebar beside the page.

use crate::errors::AppError;
use crate::layout::{ErrorPanel, Sidebar};
use crate::live::provide_live_feed;
use crate::server_fns::auth::get_viewer;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use model::team::Viewer;

/// The signed-in viewer, loaded once per page load by [`AppLayout`] and read by pages.
pub type ViewerResource = Resource<Result<Option<Viewer>, AppError>>;

/// Whether the signed-in viewer is an admin of the current team (false until the viewer has
/// loaded; pages are drawn only after it has).
pub fn viewer_is_admin() -> bool {
    use_context::<ViewerResource>()
        .and_then(|viewer| viewer.get_untracked())
        .and_then(Result::ok)
        .flatten()
        .is_some_and(|v| v.is_admin())
}

/// Every signed-in page: the sidebar and the page beside it. Sends visitors to the login page.
#[component]
pub fn AppLayout() -> impl IntoView {
    let viewer: ViewerResource = Resource::new(|| (), |_| get_viewer());
    provide_context(viewer);
    view! {
        <Suspense fallback=|| {
            view! { <div class="p-6 text-slate-500">"Loading…"</div> }
        }>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) => {
                        provide_live_feed(v.live_after);
                        view! {
                            <div class="flex flex-col md:flex-row h-screen overflow-hidden">
                                <Sidebar viewer=v />
                                <main class="flex-1 min-w-0 min-h-0 flex">
                                    <Outlet />
                                </main>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

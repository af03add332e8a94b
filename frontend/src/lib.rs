//! The browser entry point: hydrates the server-rendered page, and tells the user when the app has
//! stopped. Nothing else lives here.

// Hydrating the settings pages' nested view types exceeds the default query depth of 128.
#![recursion_limit = "256"]

/// Called by the generated JS once the wasm is loaded. Hydration is asynchronous, because a page
/// opened directly on a lazily loaded route (every page but the inbox) first fetches that route's
/// wasm chunk. When it is done, `<body data-hydrated="true">` marks the page live, so tests (and
/// anyone debugging) can tell a live page from server-rendered HTML.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_stopped_notice();
    }));
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    // `hydrate_from_async` sets up Leptos's executor on wasm-bindgen-futures, which runs this too.
    wasm_bindgen_futures::spawn_local(async move {
        let mounted = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        // The app lives as long as the page.
        mounted.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}

/// A panic aborts the wasm (release builds have `panic = "abort"`): nothing on the page reacts any
/// more. The likeliest cause is a lazily loaded part of the app that could not be fetched (the
/// network dropped, or a new version was deployed), so the page says so and offers a reload (a
/// plain link: the app's own click handling is gone). Built with the DOM directly, because the
/// app can no longer render.
fn show_stopped_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Some(href)) = (
        document.body(),
        document.location().and_then(|l| l.href().ok()),
    ) else {
        return;
    };
    if document.get_element_by_id("app-stopped").is_some() {
        return;
    }
    let build = || -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let notice = document.create_element("div")?;
        notice.set_id("app-stopped");
        notice.set_attribute("role", "alert")?;
        notice.set_attribute("data-testid", "app-stopped")?;
        notice.set_class_name(
            "fixed inset-x-0 top-0 z-50 flex items-center justify-center gap-3 bg-red-700 px-4 py-2 text-sm text-white",
        );
        let text = document.create_element("span")?;
        text.set_text_content(Some(
            "Part of this page could not be loaded, so it stopped responding.",
        ));
        let reload = document.create_element("a")?;
        reload.set_attribute("href", &href)?;
        reload.set_attribute("rel", "external")?;
        reload.set_attribute("data-testid", "app-reload")?;
        reload.set_class_name("rounded bg-white px-2 py-0.5 font-medium text-red-800");
        reload.set_text_content(Some("Reload"));
        notice.append_child(&text)?;
        notice.append_child(&reload)?;
        Ok(notice)
    };
    if let Ok(notice) = build() {
        let _ = body.append_child(&notice);
    }
}

//! The browser entry point: hydrates the server-rendered page. Nothing else lives here.

// Hydrating the settings pages' nested view types exceeds the default query depth of 128.
#![recursion_limit = "256"]

/// Called by the generated JS once the wasm is loaded. Marks `<body data-hydrated="true">` when
/// done, so tests (and anyone debugging) can tell a live page from server-rendered HTML.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

//! Asking before unsaved changes are lost: while a page says it has some, closing or reloading
//! the tab (the browser's own question) and following a link inside the app (our question,
//! asked before the router sees the click) both ask first.

use leptos::prelude::*;

/// What the app asks before an in-app link drops unsaved changes.
pub const LEAVE_QUESTION: &str = "You have unsaved changes. Leave without saving them?";

/// While `dirty` holds (and the calling component is mounted), leaving asks first.
pub fn guard_unsaved_changes(dirty: Signal<bool>) {
    #[cfg(feature = "hydrate")]
    browser::guard(dirty);
    #[cfg(not(feature = "hydrate"))]
    let _ = dirty;
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::LEAVE_QUESTION;
    use leptos::prelude::*;
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    thread_local! {
        // One pair of listeners for the page's life, reading this flag: nothing to add or remove
        // per editor, and nothing left behind when one unmounts.
        static DIRTY: Cell<bool> = const { Cell::new(false) };
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn guard(dirty: Signal<bool>) {
        install();
        Effect::new(move |_| {
            let d = dirty.get();
            DIRTY.with(|c| c.set(d));
        });
        on_cleanup(|| DIRTY.with(|c| c.set(false)));
    }

    fn leaving_link(ev: &web_sys::MouseEvent) -> bool {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return false;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        link.is_some_and(|a| {
            a.get_attribute("target").is_none_or(|t| t != "_blank") && !a.has_attribute("download")
        })
    }

    fn install() {
        if INSTALLED.with(|i| i.replace(true)) {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
            if !DIRTY.with(Cell::get) || !leaving_link(&ev) {
                return;
            }
            let leave = web_sys::window()
                .and_then(|w| w.confirm_with_message(LEAVE_QUESTION).ok())
                .unwrap_or(true);
            if leave {
                DIRTY.with(|c| c.set(false));
            } else {
                ev.prevent_default();
                ev.stop_propagation();
            }
        });
        // Capture on the window runs before the router's own click listener there.
        let _ = window.add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        on_click.forget();
        let on_unload =
            Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(|ev: web_sys::BeforeUnloadEvent| {
                if DIRTY.with(Cell::get) {
                    ev.prevent_default();
                    ev.set_return_value(LEAVE_QUESTION);
                }
            });
        let _ = window
            .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        on_unload.forget();
    }
}

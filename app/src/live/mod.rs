//! The live inbox in the browser: one stream of the team's changes per browser, shared by its
//! tabs through a SharedWorker (`/live/worker.js`; a dedicated Worker where SharedWorker is
//! missing), so ten tabs hold one connection, not ten (HTTP/1.1 allows six per host).
//!
//! [`provide_live_feed`] (in the signed-in layout) connects; components call
//! [`LiveFeed::on_event`] with what they should look at again, decided by the pure rules of
//! [`model::live::LiveEvent`]. During server rendering nothing connects and no event arrives.

mod indicator;

pub use indicator::LiveIndicator;

use leptos::prelude::*;
use model::live::{Connection, LiveEvent};
use std::sync::Arc;

type Listener = Arc<dyn Fn(&LiveEvent) + Send + Sync>;

/// The browser's live stream, as components see it (cheap to copy).
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// What the shared stream reports.
    stream_state: RwSignal<Connection>,
    /// Whether the browser says it has a network.
    online: RwSignal<bool>,
    listeners: StoredValue<Vec<(u64, Listener)>>,
    next_listener: StoredValue<u64>,
}

impl LiveFeed {
    fn new() -> Self {
        LiveFeed {
            stream_state: RwSignal::new(Connection::Connecting),
            online: RwSignal::new(true),
            listeners: StoredValue::new(Vec::new()),
            next_listener: StoredValue::new(0),
        }
    }

    /// Where the stream stands, for the indicator.
    pub fn connection(&self) -> Connection {
        if self.online.get() {
            self.stream_state.get()
        } else {
            Connection::Offline
        }
    }

    /// Calls `listener` with every event until the calling component goes away.
    pub fn on_event(&self, listener: impl Fn(&LiveEvent) + Send + Sync + 'static) {
        let id = self.next_listener.get_value();
        self.next_listener.set_value(id + 1);
        self.listeners
            .update_value(|l| l.push((id, Arc::new(listener))));
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn dispatch(&self, event: &LiveEvent) {
        // Copied out first: a listener may register or drop others while it runs.
        let listeners: Vec<Listener> = self
            .listeners
            .try_with_value(|l| l.iter().map(|(_, f)| f.clone()).collect())
            .unwrap_or_default();
        for listener in listeners {
            listener(event);
        }
    }
}

/// The feed of the signed-in pages, if any (none on the login page).
pub fn use_live_feed() -> Option<LiveFeed> {
    use_context::<LiveFeed>()
}

/// Creates the feed for the signed-in layout and, in the browser, connects it, resuming after
/// event `after` (the newest the server-rendered page reflects), so an event committed between
/// the page and the stream still arrives.
pub fn provide_live_feed(after: Option<i64>) -> LiveFeed {
    let feed = LiveFeed::new();
    provide_context(feed);
    #[cfg(feature = "hydrate")]
    browser::connect(feed, after);
    #[cfg(not(feature = "hydrate"))]
    let _ = after;
    feed
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The tab's end of the shared stream: messages from the worker are JSON text,
    //! `{"kind": "state", "state": "live"}` or `{"kind": "event", "data": "<the SSE data>"}`;
    //! the tab says `{"kind": "hello", "after": <id>}` once (what its page reflects, so the
    //! worker sends what came after) and `{"kind": "bye"}` when it goes.

    use super::LiveFeed;
    use leptos::prelude::*;
    use model::live::{Connection, LiveEvent};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    const WORKER_URL: &str = "/live/worker.js";

    /// What the worker posts.
    #[derive(serde::Deserialize)]
    struct FromWorker {
        kind: String,
        #[serde(default)]
        state: String,
        #[serde(default)]
        data: String,
    }

    fn handle(feed: LiveFeed, text: &str) {
        let Ok(message) = serde_json::from_str::<FromWorker>(text) else {
            return;
        };
        match message.kind.as_str() {
            "state" => {
                let state = match message.state.as_str() {
                    "live" => Connection::Live,
                    "reconnecting" => Connection::Reconnecting,
                    "offline" => Connection::Offline,
                    _ => Connection::Connecting,
                };
                feed.stream_state.try_set(state);
            }
            "event" => {
                if let Some(event) = LiveEvent::parse(&message.data) {
                    feed.dispatch(&event);
                }
            }
            _ => {}
        }
    }

    /// The connection to the worker, closed when the layout goes away.
    enum Link {
        Shared(web_sys::MessagePort),
        Dedicated(web_sys::Worker),
    }

    /// The tab's greeting: where its page stands.
    fn hello(after: Option<i64>) -> String {
        serde_json::json!({"kind": "hello", "after": after}).to_string()
    }

    pub(super) fn connect(feed: LiveFeed, after: Option<i64>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        feed.online.set(window.navigator().on_line());
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(text) = e.data().as_string() {
                    handle(feed, &text);
                }
            });
        let link = match web_sys::SharedWorker::new(WORKER_URL) {
            Ok(shared) => {
                let port = shared.port();
                port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                port.start();
                let _ = port.post_message(&hello(after).into());
                Some(Link::Shared(port))
            }
            Err(_) => match web_sys::Worker::new(WORKER_URL) {
                Ok(worker) => {
                    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                    let _ = worker.post_message(&hello(after).into());
                    Some(Link::Dedicated(worker))
                }
                Err(e) => {
                    leptos::logging::warn!("live updates are off: no worker ({e:?})");
                    None
                }
            },
        };
        let online = Closure::<dyn FnMut()>::new(move || {
            let _ = feed.online.try_set(true);
        });
        let offline = Closure::<dyn FnMut()>::new(move || {
            let _ = feed.online.try_set(false);
        });
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new((link, on_message, online, offline, window));
        on_cleanup(move || {
            let (link, _on_message, online, offline, window) = held.take();
            let _ = window
                .remove_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            let _ = window
                .remove_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
            match link {
                Some(Link::Shared(port)) => {
                    let _ = port.post_message(&r#"{"kind":"bye"}"#.into());
                    port.close();
                }
                Some(Link::Dedicated(worker)) => worker.terminate(),
                None => {}
            }
        });
    }
}

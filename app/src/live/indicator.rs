//! The live indicator: whether changes arrive as they happen (Live, Reconnecting…, Offline).

use super::use_live_feed;
use leptos::prelude::*;
use model::live::Connection;

/// A dot and a word: live, connecting, reconnecting (the worker retries by itself) or offline
/// (what the agent types stays where it is).
#[component]
pub fn LiveIndicator() -> impl IntoView {
    let feed = use_live_feed();
    let connection = move || feed.map_or(Connection::Connecting, |f| f.connection());
    let dot = move || match connection() {
        Connection::Live => "bg-emerald-400",
        Connection::Connecting | Connection::Reconnecting => "bg-amber-400 animate-pulse",
        Connection::Offline => "bg-slate-500",
    };
    view! {
        <p
            class="flex items-center gap-2 px-3 text-xs text-slate-400"
            role="status"
            data-testid="live-status"
            data-state=move || connection().as_str()
        >
            <span class=move || format!("inline-block h-2 w-2 rounded-full {}", dot())></span>
            {move || connection().label()}
        </p>
    }
}

//! The visit beside a conversation's header: where the visitor was, where from, with what browser
//! and address — folded to one line ("Visitor · Lisbon, Portugal") until an agent opens it.

use leptos::prelude::*;
use model::validation::http_url;
use model::visitor::{VISITOR_URL_MAX, Visitor};

/// The conversation's visit; nothing when none is known.
#[component]
pub fn VisitorDetails(visitor: Visitor) -> impl IntoView {
    if visitor.is_empty() {
        return None;
    }
    let headline = visitor
        .location
        .clone()
        .or_else(|| visitor.ip.clone())
        .map(|h| format!("Visitor · {h}"))
        .unwrap_or_else(|| "Visitor".into());
    let row = |label: &'static str, value: Option<String>, testid: &'static str| {
        value.map(|v| {
            view! {
                <div class="flex gap-3 py-0.5">
                    <dt class="w-20 shrink-0 text-slate-600">{label}</dt>
                    <dd class="min-w-0 break-all text-slate-900" data-testid=testid>
                        {v}
                    </dd>
                </div>
            }
        })
    };
    // A URL is a link only when it is one (it was checked when sent; this is defence in depth).
    let link = |label: &'static str, value: Option<String>, testid: &'static str| {
        value.map(|v| {
            let href = http_url(label, &v, VISITOR_URL_MAX).ok();
            view! {
                <div class="flex gap-3 py-0.5">
                    <dt class="w-20 shrink-0 text-slate-600">{label}</dt>
                    <dd class="min-w-0 break-all" data-testid=testid>
                        {match href {
                            Some(href) => {
                                view! {
                                    <a
                                        href=href
                                        target="_blank"
                                        rel="noopener noreferrer nofollow"
                                        class="text-indigo-700 underline"
                                    >
                                        {v}
                                    </a>
                                }
                                    .into_any()
                            }
                            None => view! { <span>{v}</span> }.into_any(),
                        }}
                    </dd>
                </div>
            }
        })
    };
    Some(view! {
        <details class="mt-1 text-sm" data-testid="visitor-details">
            <summary class="cursor-pointer text-slate-600">{headline}</summary>
            <dl class="mt-1 rounded-md bg-slate-50 px-3 py-2 text-xs">
                {link("Page", visitor.page_url, "visitor-page")}
                {link("Referrer", visitor.referrer, "visitor-referrer")}
                {row("Location", visitor.location, "visitor-location")}
                {row("IP", visitor.ip, "visitor-ip")}
                {row("Browser", visitor.user_agent, "visitor-browser")}
            </dl>
        </details>
    })
}

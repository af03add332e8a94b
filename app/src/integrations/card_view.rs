//! The render tree of a display template as Leptos views: the agent's integration card and the
//! template builder's preview show exactly this. All text is escaped by Leptos; only the tree's
//! checked URLs become links, opening in a new tab.

use leptos::prelude::*;
use template::format::{BadgeColor, Inline};
use template::render::{ActionNode, Body, Rendered, Row};
use template::spec::ActionStyle;

/// The badge classes per color.
fn badge_class(color: BadgeColor) -> &'static str {
    match color {
        BadgeColor::Green => {
            "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800"
        }
        BadgeColor::Amber => {
            "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800"
        }
        BadgeColor::Red => "rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800",
        BadgeColor::Blue => "rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800",
        BadgeColor::Grey => {
            "rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700"
        }
    }
}

fn inline_view(i: Inline) -> AnyView {
    match i {
        Inline::Text { text } => view! { <span>{text}</span> }.into_any(),
        Inline::Badge { text, color } => view! {
            <span class=badge_class(color) data-testid="card-badge">
                {text}
            </span>
        }
        .into_any(),
        Inline::Link { text, href } => view! {
            <a
                href=href
                target="_blank"
                rel="noopener noreferrer"
                class="text-indigo-700 hover:underline"
            >
                {text}
            </a>
        }
        .into_any(),
    }
}

fn inlines(list: Vec<Inline>) -> AnyView {
    view! {
        <span class="inline-flex flex-wrap items-center justify-end gap-1">
            {list.into_iter().map(inline_view).collect_view()}
        </span>
    }
    .into_any()
}

fn rows_view(rows: Vec<Row>) -> AnyView {
    view! {
        <dl class="divide-y divide-slate-100">
            {rows
                .into_iter()
                .map(|r| {
                    view! {
                        <div
                            class="flex items-center justify-between gap-3 py-1 text-sm"
                            data-testid="card-row"
                        >
                            <dt class="text-slate-500">{r.label}</dt>
                            <dd class="text-right">{inlines(r.value)}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

fn action_view(a: ActionNode) -> AnyView {
    let class = match (a.button, a.style) {
        (true, ActionStyle::Primary) => {
            "rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-500"
        }
        (true, ActionStyle::Secondary) => {
            "rounded-md border border-slate-300 px-3 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
        }
        (false, _) => "text-sm text-indigo-700 hover:underline",
    };
    match a.href {
        Some(href) => view! {
            <a
                href=href
                target="_blank"
                rel="noopener noreferrer"
                class=class
                data-testid="card-action"
            >
                {a.label}
            </a>
        }
        .into_any(),
        None => view! {
            <span class="text-sm text-slate-700" data-testid="card-action">
                {a.label}
            </span>
        }
        .into_any(),
    }
}

/// Item cards of a repeating section, the rest behind "Show N more".
#[component]
fn RepeatingView(items: Vec<Vec<Row>>, show_first: usize) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let more = items.len().saturating_sub(show_first);
    let has_more = more != 0;
    let items = StoredValue::new(items);
    view! {
        <ul class="space-y-2">
            {move || {
                let shown = if expanded.get() { usize::MAX } else { show_first };
                items
                    .get_value()
                    .into_iter()
                    .take(shown)
                    .map(|item| {
                        view! {
                            <li
                                class="rounded-md border border-slate-200 p-2"
                                data-testid="card-item"
                            >
                                {rows_view(item)}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
        <Show when=move || has_more && !expanded.get()>
            <button
                type="button"
                class="mt-1 text-xs text-indigo-600 hover:underline"
                on:click=move |_| expanded.set(true)
                data-testid="card-show-more"
            >
                {format!("Show {more} more")}
            </button>
        </Show>
    }
    .into_any()
}

fn body_view(body: Body) -> AnyView {
    match body {
        Body::KeyValue { rows } => rows_view(rows),
        Body::Text { text, heading: true } => view! { <h5 class="text-sm font-semibold">{text}</h5> }.into_any(),
        Body::Text { text, heading: false } => view! { <p class="text-sm text-slate-700">{text}</p> }.into_any(),
        Body::Badges { badges } => view! { <p class="flex flex-wrap gap-1">{badges.into_iter().map(inline_view).collect_view()}</p> }.into_any(),
        Body::Table { columns, rows } => view! {
            <div class="overflow-x-auto">
                <table class="w-full text-left text-xs">
                    <thead class="text-slate-500">
                        <tr>
                            {columns
                                .into_iter()
                                .map(|c| view! { <th class="py-1 pr-2">{c}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">
                        {rows
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr data-testid="card-table-row">
                                        {row
                                            .into_iter()
                                            .map(|cell| {
                                                view! {
                                                    <td class="py-1 pr-2">
                                                        {cell.into_iter().map(inline_view).collect_view()}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        Body::Repeating { items, show_first } => view! { <RepeatingView items show_first /> }.into_any(),
        Body::Actions { actions } => view! { <p class="flex flex-wrap gap-2">{actions.into_iter().map(action_view).collect_view()}</p> }.into_any(),
        Body::Separator => view! { <hr class="border-slate-200" /> }.into_any(),
        Body::Group { sections } => view! { <div class="space-y-2 rounded-md bg-slate-50 p-2">{sections_view(sections)}</div> }.into_any(),
        Body::Preformatted { text } => view! {
            <pre
                class="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs"
                data-testid="card-text"
            >
                {text}
            </pre>
        }
        .into_any(),
    }
}

fn sections_view(sections: Vec<Rendered>) -> AnyView {
    sections
        .into_iter()
        .map(|s| {
            view! {
                <section class="space-y-1" data-testid="card-section">
                    {s
                        .title
                        .map(|t| {
                            view! {
                                <h4 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                                    {t}
                                </h4>
                            }
                        })}
                    {body_view(s.body)}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// A rendered template.
#[component]
pub fn TemplateView(sections: Vec<Rendered>) -> impl IntoView {
    view! {
        <div class="space-y-3" data-testid="card-data">
            {sections_view(sections)}
        </div>
    }
    .into_any()
}

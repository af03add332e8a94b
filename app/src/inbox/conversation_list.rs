//! The conversation list of an inbox and status, one page at a time, refetched when a live event
//! touches the lists.

use crate::format::short_time;
use crate::inbox::{ConversationActions, InboxView};
use crate::layout::{ErrorPanel, InboxChanges};
use crate::server_fns::inbox::list_conversations;
use leptos::prelude::*;
use leptos_router::components::A;
use model::ConversationStatus;

/// The conversation list with status filters and paging; unread rows are bold.
#[component]
pub fn ConversationList(view: Memo<InboxView>, actions: ConversationActions) -> impl IntoView {
    let changes = use_context::<InboxChanges>();
    let conversations = Resource::new(
        move || {
            let v = view.get();
            (
                v.inbox,
                v.status,
                v.page,
                actions.version(),
                changes.map(|c| c.0.get()),
            )
        },
        |(inbox, status, page, _, _)| list_conversations(inbox, status, page),
    );
    let filter_class = "rounded-full px-3 py-1 text-sm text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:font-medium aria-[current=page]:text-indigo-700";
    let filter = move |label: &'static str, status: Option<ConversationStatus>| {
        let v = view.get();
        let current = v.status.as_deref() == status.map(|s| s.as_str());
        let href = v
            .with_conversation(v.conversation)
            .with_status(status.map(|s| s.as_str()))
            .href();
        view! {
            <a
                href=href
                class=filter_class
                aria-current=if current { Some("page") } else { None }
                data-testid="status-filter"
            >
                {label}
            </a>
        }
    };
    view! {
        <div class="flex items-center gap-1 overflow-x-auto border-b border-slate-200 p-3">
            {move || filter("All", None)}
            {move || filter("Active", Some(ConversationStatus::Active))}
            {move || filter("Pending", Some(ConversationStatus::Pending))}
            {move || filter("Closed", Some(ConversationStatus::Closed))}
        </div>
        <Transition fallback=|| {
            view! { <p class="p-4 text-sm text-slate-500">"Loading conversations…"</p> }
        }>
            {move || Suspend::new(async move {
                match conversations.await {
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    Ok(page) if page.items.is_empty() => {
                        view! {
                            <p
                                class="p-6 text-center text-sm text-slate-500"
                                data-testid="no-conversations"
                            >
                                "No conversations here."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(page) => {
                        let v = view.get_untracked();
                        let from = (page.page - 1) * page.per_page + 1;
                        let to = from + page.items.len() as u64 - 1;
                        let (has_prev, has_next) = (page.has_prev(), page.has_next());
                        let prev = v.with_page(page.page - 1).href();
                        let next = v.with_page(page.page + 1).href();
                        view! {
                            <ul
                                class="flex-1 divide-y divide-slate-100 overflow-y-auto"
                                data-testid="conversation-list"
                            >
                                {page
                                    .items
                                    .into_iter()
                                    .map(|c| {
                                        let selected = v.conversation == Some(c.id);
                                        let unread = !c.is_read && !selected;
                                        let href = v.with_conversation(Some(c.id)).href();
                                        // The open conversation counts as read: the browser marks it read once it is shown.
                                        view! {
                                            <li>
                                                <A
                                                    href=href
                                                    attr:class=if selected {
                                                        "block px-4 py-3 bg-indigo-50"
                                                    } else {
                                                        "block px-4 py-3 hover:bg-slate-50"
                                                    }
                                                    attr:data-testid="conversation-item"
                                                    attr:data-unread=unread.to_string()
                                                >
                                                    <div class="flex items-baseline justify-between gap-2">
                                                        <span class="truncate text-sm" class:font-semibold=unread>
                                                            {c
                                                                .contact_name
                                                                .clone()
                                                                .unwrap_or_else(|| "Unknown contact".into())}
                                                        </span>
                                                        <span class="shrink-0 text-xs text-slate-600">
                                                            {c.last_message_at.as_ref().map(short_time)}
                                                        </span>
                                                    </div>
                                                    <div
                                                        class="truncate text-sm"
                                                        class:font-semibold=unread
                                                        class:text-slate-700=!unread
                                                    >
                                                        {c.subject.clone()}
                                                    </div>
                                                    <div class="mt-0.5 flex items-center gap-2">
                                                        <span class="truncate text-xs text-slate-600">
                                                            {c.preview.clone().unwrap_or_default()}
                                                        </span>
                                                    </div>
                                                </A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            <div class="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
                                <span data-testid="list-range">
                                    {format!("{from}–{to} of {}", page.total)}
                                </span>
                                <span class="flex gap-3">
                                    <Show when=move || has_prev>
                                        <A
                                            href=prev.clone()
                                            attr:class="text-indigo-600 hover:underline"
                                        >
                                            "Previous"
                                        </A>
                                    </Show>
                                    <Show when=move || has_next>
                                        <A
                                            href=next.clone()
                                            attr:class="text-indigo-600 hover:underline"
                                            attr:data-testid="next-page"
                                        >
                                            "Next"
                                        </A>
                                    </Show>
                                </span>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

//! One conversation: its header (status, tags, Send to webhook), the thread and the composer,
//! marked read once on screen and refetched when a live event touches it.

use crate::format::short_time;
use crate::inbox::{
    Composer, ConversationActions, Draft, InboxView, SendToWebhook, VisitorDetails,
};
use crate::layout::{Avatar, ErrorPanel, FieldError, StatusBadge};
use crate::live::use_live_feed;
use crate::server_fns::inbox::get_conversation;
use leptos::prelude::*;
use leptos_router::components::A;
use model::conversation::{ConversationDetail, MessageView};
use model::{ConversationStatus, MessageType, SenderType};

/// The open conversation: header with contact, status and tags; the thread; the composer.
#[component]
pub fn ConversationView(
    id: i64,
    view: Memo<InboxView>,
    actions: ConversationActions,
) -> impl IntoView {
    // While a sent message is still `sending`, look again every 2 s so it turns Sent or Failed;
    // and whenever the live stream says this conversation changed.
    let tick = RwSignal::new(0u32);
    let conversation = Resource::new(
        move || (id, actions.version(), tick.get()),
        |(id, _, _)| get_conversation(id),
    );
    if let Some(feed) = use_live_feed() {
        feed.on_event(move |event| {
            // The header shows the contact: a change to them shows too.
            let contact_id = conversation
                .try_with_untracked(|c| match c {
                    Some(Ok(detail)) => detail.contact.as_ref().map(|c| c.id),
                    Some(Err(_)) | None => None,
                })
                .flatten();
            if event.touches_open_conversation(id, contact_id) {
                tick.update(|t| *t = t.wrapping_add(1));
            }
        });
    }
    let draft = Draft::new(actions.reply);
    let place = ThreadPlace::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let sending = conversation.with(|c| {
            matches!(c, Some(Ok(d)) if d.messages.iter().any(|m| m.delivery_status.as_deref() == Some("sending")))
        });
        if sending {
            set_timeout(
                move || tick.update(|t| *t = t.wrapping_add(1)),
                std::time::Duration::from_secs(2),
            );
        }
    });
    // Once the agent has the conversation on screen, the browser marks it read (a POST; a page
    // render never changes state).
    #[cfg(feature = "hydrate")]
    {
        let marked = StoredValue::new(false);
        Effect::new(move |_| {
            let shown = conversation.with(|c| matches!(c, Some(Ok(_))));
            if shown && !marked.get_value() {
                marked.set_value(true);
                leptos::task::spawn_local(async move {
                    if let Err(e) = crate::server_fns::inbox::mark_conversation_read(id).await {
                        leptos::logging::warn!("could not mark conversation {id} read: {e}");
                    }
                });
            }
        });
    }
    view! {
        <Transition fallback=|| {
            view! { <p class="p-6 text-slate-500">"Loading conversation…"</p> }
        }>
            {move || Suspend::new(async move {
                match conversation.await {
                    Ok(detail) => {
                        view! { <ConversationBody detail view actions draft place /> }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Where the agent is in the thread, kept across the refreshes that re-render it: new messages
/// scroll into view only for an agent already at the newest one; one who scrolled up stays where
/// they are and gets a "N new messages" pill instead.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct ThreadPlace {
    at_bottom: StoredValue<bool>,
    scroll_top: StoredValue<i32>,
    /// Messages the agent has had on screen (`None` before the first render).
    seen: StoredValue<Option<usize>>,
    /// Messages that arrived while scrolled up.
    unseen: RwSignal<usize>,
}

impl ThreadPlace {
    fn new() -> Self {
        ThreadPlace {
            at_bottom: StoredValue::new(true),
            scroll_top: StoredValue::new(0),
            seen: StoredValue::new(None),
            unseen: RwSignal::new(0),
        }
    }

    /// Notes the agent's scroll position in `thread` (holding `count` messages).
    #[cfg(feature = "hydrate")]
    fn scrolled(&self, thread: &web_sys::Element, count: usize) {
        let at_bottom = thread.scroll_top() + thread.client_height() >= thread.scroll_height() - 24;
        self.at_bottom.set_value(at_bottom);
        self.scroll_top.set_value(thread.scroll_top());
        if at_bottom {
            self.seen.set_value(Some(count));
            self.unseen.set(0);
        }
    }

    /// Shows the newest message of `thread`.
    #[cfg(feature = "hydrate")]
    fn show_newest(&self, thread: &web_sys::Element, count: usize) {
        thread.set_scroll_top(thread.scroll_height());
        self.at_bottom.set_value(true);
        self.seen.set_value(Some(count));
        self.unseen.set(0);
    }

    /// After `thread` was rendered with `count` messages: follow them, or stay and count.
    #[cfg(feature = "hydrate")]
    fn rendered(&self, thread: &web_sys::Element, count: usize) {
        match self.seen.get_value() {
            Some(seen) if !self.at_bottom.get_value() => {
                thread.set_scroll_top(self.scroll_top.get_value());
                self.unseen.set(count.saturating_sub(seen));
            }
            _ => self.show_newest(thread, count),
        }
    }
}

#[component]
fn ConversationBody(
    detail: ConversationDetail,
    view: Memo<InboxView>,
    actions: ConversationActions,
    draft: Draft,
    place: ThreadPlace,
) -> impl IntoView {
    let v = view.get_untracked();
    let back = v.with_conversation(None).href();
    let profile_href = detail
        .contact
        .as_ref()
        .map(|c| v.with_profile(Some(c.id)).href());
    let contact_name = detail
        .contact
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "Unknown contact".into());
    let contact_email = detail.contact.as_ref().and_then(|c| c.email.clone());
    let messages = detail.messages.clone();
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let count = messages.len();
    let thread: NodeRef<leptos::html::Ol> = NodeRef::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = thread.get() {
            place.rendered(&el, count);
        }
    });
    let on_scroll = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = thread.get_untracked() {
            place.scrolled(&el, count);
        }
    };
    let show_newest = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = thread.get_untracked() {
            place.show_newest(&el, count);
        }
    };
    view! {
        <header class="border-b border-slate-200 bg-white px-4 py-3">
            <div class="flex items-center gap-3">
                <A href=back attr:class="text-sm text-indigo-600 md:hidden">
                    "← Back"
                </A>
                <h1
                    class="min-w-0 flex-1 truncate text-lg font-semibold"
                    data-testid="conversation-subject"
                >
                    {detail.subject.clone()}
                </h1>
                <StatusBadge status=detail.status />
            </div>
            <div class="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500">
                {match profile_href {
                    Some(href) => {
                        view! {
                            <A
                                href=href
                                attr:class="font-medium text-indigo-600 hover:underline"
                                attr:data-testid="open-contact"
                            >
                                {contact_name.clone()}
                            </A>
                        }
                            .into_any()
                    }
                    None => view! { <span>{contact_name.clone()}</span> }.into_any(),
                }} {contact_email.map(|e| view! { <span>{e}</span> })}
                <span>"in " {detail.inbox_name.clone()}</span>
                {detail.assignee_name.clone().map(|a| view! { <span>"Assigned to " {a}</span> })}
            </div>
            <VisitorDetails visitor=detail.visitor.clone() />
            <StatusAndTags detail=detail.clone() actions />
            <SendToWebhook conversation_id=detail.id />
        </header>
        <div class="relative flex min-h-0 flex-1 flex-col">
            <ol
                class="flex-1 space-y-3 overflow-y-auto bg-slate-50 p-4"
                data-testid="thread"
                node_ref=thread
                on:scroll=on_scroll
            >
                {messages.into_iter().map(|m| view! { <MessageItem message=m /> }).collect_view()}
            </ol>
            <Show when=move || { place.unseen.get() > 0 }>
                <button
                    type="button"
                    class="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow hover:bg-indigo-500"
                    on:click=show_newest
                    data-testid="new-messages-pill"
                >
                    {move || match place.unseen.get() {
                        1 => "1 new message ↓".to_string(),
                        n => format!("{n} new messages ↓"),
                    }}
                </button>
            </Show>
        </div>
        <Composer
            conversation_id=detail.id
            reply_types=detail.reply_types.clone()
            email_unconnected=detail.email_unconnected
            action=actions.reply
            draft
        />
    }
}

#[component]
fn StatusAndTags(detail: ConversationDetail, actions: ConversationActions) -> impl IntoView {
    let id = detail.id.to_string();
    let id_for_add = id.clone();
    let others: Vec<ConversationStatus> = ConversationStatus::ALL
        .iter()
        .copied()
        .filter(|s| *s != detail.status)
        .collect();
    let tag_error = move || match actions.add_tag.value().get() {
        Some(Err(e)) => Some(e.field("tag").unwrap_or_else(|| e.to_string())),
        _ => None,
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-2">
            {others
                .into_iter()
                .map(|s| {
                    let id = id.clone();
                    let label = match s {
                        ConversationStatus::Active => "Reopen",
                        ConversationStatus::Pending => "Mark pending",
                        ConversationStatus::Closed => "Close",
                    };
                    view! {
                        <ActionForm action=actions.status>
                            <input type="hidden" name="conversation_id" value=id.clone() />
                            <input type="hidden" name="status" value=s.as_str() />
                            <button
                                class="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
                                data-testid=format!("set-status-{}", s.as_str())
                            >
                                {label}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
            <span class="mx-1 hidden h-4 w-px bg-slate-200 sm:inline-block"></span>
            <ul class="flex flex-wrap gap-1" data-testid="tags">
                {detail
                    .tags
                    .clone()
                    .into_iter()
                    .map(|t| {
                        let id = id.clone();
                        view! {
                            <li
                                class="inline-flex items-center gap-1 rounded-full bg-blue-50 px-2 py-0.5 text-xs text-blue-700"
                                data-testid="tag"
                            >
                                <span>{t.name.clone()}</span>
                                <ActionForm action=actions.remove_tag>
                                    <input type="hidden" name="conversation_id" value=id.clone() />
                                    <input type="hidden" name="tag_id" value=t.id.to_string() />
                                    <button
                                        class="text-blue-400 hover:text-blue-700"
                                        aria-label=format!("Remove tag {}", t.name)
                                        data-testid="remove-tag"
                                    >
                                        "×"
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul> <ActionForm action=actions.add_tag>
                <input type="hidden" name="conversation_id" value=id_for_add />
                <input
                    name="tag"
                    placeholder="Add tag"
                    maxlength="50"
                    class="w-24 rounded-md border border-slate-300 px-2 py-0.5 text-xs"
                    aria-label="Add tag"
                    data-testid="tag-input"
                />
            </ActionForm> <FieldError message=Signal::derive(tag_error) small=true />
        </div>
    }
}

/// One message; notes are visibly internal.
#[component]
pub fn MessageItem(message: MessageView) -> impl IntoView {
    let is_note = message.message_type == MessageType::Note;
    let from_contact = message.sender_type == SenderType::Contact;
    let bubble = if is_note {
        "border-amber-200 bg-amber-50"
    } else if from_contact {
        "border-slate-200 bg-white"
    } else {
        "border-indigo-100 bg-indigo-50"
    };
    view! {
        <li
            class=format!("rounded-lg border p-3 shadow-sm {bubble}")
            class:md:ml-12=!from_contact
            class:md:mr-12=from_contact
            data-testid="message"
            data-type=message.message_type.as_str()
        >
            <div class="mb-1 flex items-center gap-2 text-xs">
                <Avatar name=message.sender_name.clone() />
                <span class="font-medium text-slate-800" data-testid="message-sender">
                    {message.sender_name.clone()}
                </span>
                <span
                    class="rounded bg-slate-200/70 px-1.5 py-0.5 text-[11px] font-medium text-slate-600"
                    data-testid="message-type"
                >
                    {if is_note { "Internal note" } else { message.message_type.label() }}
                </span>
                <time class="ml-auto text-slate-600" datetime=message.created_at.to_rfc3339()>
                    {short_time(&message.created_at)}
                </time>
            </div>
            <p
                class="whitespace-pre-wrap break-words text-sm text-slate-800"
                data-testid="message-body"
            >
                {message.body.clone()}
            </p>
            <DeliveryLine
                status=message.delivery_status.clone()
                error=message.delivery_error.clone()
            />
        </li>
    }
}

/// Where a sent message stands: sending (with the last error while retrying), sent, failed
/// (with the reason), or draft. Received messages and notes show nothing.
#[component]
fn DeliveryLine(status: Option<String>, error: Option<String>) -> impl IntoView {
    let (label, tone) = match status.as_deref() {
        Some("sending") => ("Sending…", "text-slate-500"),
        Some("sent") => ("Sent", "text-emerald-700"),
        Some("failed") => ("Not delivered", "text-red-700"),
        Some("draft") => ("Draft", "text-slate-500"),
        _ => return None,
    };
    let detail = error.filter(|_| matches!(status.as_deref(), Some("sending" | "failed")));
    Some(view! {
        <p
            class=format!("mt-1 text-xs {tone}")
            data-testid="delivery-status"
            data-status=status.clone().unwrap_or_default()
        >
            {label}
            {detail
                .map(|e| {
                    view! {
                        <span class="ml-1" data-testid="delivery-error">
                            {format!("· {e}")}
                        </span>
                    }
                })}
        </p>
    })
}

//! `/inbox` and `/inbox/{id}`: the list beside the open conversation, with the contact's profile
//! sheet when `?profile=1`.

use crate::contacts::ContactProfileSheet;
use crate::inbox::{ConversationList, ConversationView, InboxView};
use crate::layout::InboxChanges;
use crate::server_fns::inbox::{AddTag, RemoveTag, SendReply, SetStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The actions a conversation view offers; lists refetch when any of them completes.
#[derive(Clone, Copy)]
pub struct ConversationActions {
    /// Send a reply.
    pub reply: ServerAction<SendReply>,
    /// Change the status.
    pub status: ServerAction<SetStatus>,
    /// Add a tag.
    pub add_tag: ServerAction<AddTag>,
    /// Remove a tag.
    pub remove_tag: ServerAction<RemoveTag>,
}

impl ConversationActions {
    /// Changes whenever any action completes.
    pub fn version(&self) -> usize {
        self.reply.version().get()
            + self.status.version().get()
            + self.add_tag.version().get()
            + self.remove_tag.version().get()
    }
}

/// `/inbox` and `/inbox/:id`: the list, the open conversation and, on request, the profile sheet.
#[component]
pub fn InboxPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let view_state = Memo::new(move |_| {
        let q = query.read();
        InboxView {
            conversation: params.read().get("id").and_then(|s| s.parse().ok()),
            inbox: q.get("inbox").and_then(|s| s.parse().ok()),
            status: q.get("status").filter(|s| !s.is_empty()),
            page: q.get("page").and_then(|s| s.parse().ok()).unwrap_or(1),
            profile: q.get("profile").and_then(|s| s.parse().ok()),
        }
    });
    let actions = ConversationActions {
        reply: ServerAction::new(),
        status: ServerAction::new(),
        add_tag: ServerAction::new(),
        remove_tag: ServerAction::new(),
    };
    if let Some(changes) = use_context::<InboxChanges>() {
        Effect::new(move |previous: Option<usize>| {
            let v = actions.version();
            if previous.is_some_and(|p| p != v) {
                changes.bump();
            }
            v
        });
    }
    // Only the open conversation's id decides what is mounted: opening the profile sheet (a query
    // change) must not re-create the conversation and lose its draft.
    let open_conversation = Memo::new(move |_| view_state.get().conversation);
    let has_conversation = move || open_conversation.get().is_some();
    view! {
        <Title text="Inbox · Chatlane" />
        <section
            class="w-full flex-col border-r border-slate-200 bg-white md:flex md:w-96 md:shrink-0"
            class:hidden=has_conversation
            class:flex=move || !has_conversation()
        >
            <ConversationList view=view_state actions />
        </section>
        <section
            class="min-w-0 flex-1 flex-col md:flex"
            class:hidden=move || !has_conversation()
            class:flex=has_conversation
        >
            {move || match open_conversation.get() {
                Some(id) => view! { <ConversationView id view=view_state actions /> }.into_any(),
                None => {
                    view! {
                        <div
                            class="m-auto p-10 text-center text-slate-500"
                            data-testid="no-conversation"
                        >
                            "Select a conversation to read it."
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
        {move || {
            let v = view_state.get();
            v.profile
                .map(|contact_id| {
                    view! {
                        <ContactProfileSheet
                            contact_id
                            conversation_id=v.conversation
                            close_href=v.with_profile(None).href()
                        />
                    }
                })
        }}
    }
}

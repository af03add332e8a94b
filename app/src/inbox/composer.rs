//! The reply box under a conversation: email or internal note, with the server's answer next to
//! it.

use crate::layout::{Button, FieldError};
use crate::server_fns::inbox::SendReply;
use leptos::html::Form;
use leptos::prelude::*;
use model::MessageType;

/// What the agent is writing, kept by the open conversation so that a refresh of the thread
/// (a live update, a status change) never loses it or flips a note to an email.
#[derive(Clone, Copy)]
pub struct Draft {
    /// The text.
    pub text: RwSignal<String>,
    /// The chosen reply type (`None`: the first offered).
    pub kind: RwSignal<Option<MessageType>>,
}

impl Draft {
    /// An empty draft, emptied again after each successful send of `action`.
    pub fn new(action: ServerAction<SendReply>) -> Self {
        let draft = Draft {
            text: RwSignal::new(String::new()),
            kind: RwSignal::new(None),
        };
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                draft.text.set(String::new());
            }
        });
        draft
    }
}

/// The reply box: email or internal note. Clears itself after a successful send; errors show
/// next to the field and keep the text.
#[component]
pub fn Composer(
    conversation_id: i64,
    reply_types: Vec<MessageType>,
    email_unconnected: bool,
    action: ServerAction<SendReply>,
    draft: Draft,
) -> impl IntoView {
    let form: NodeRef<Form> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get()
            && let Some(f) = form.get_untracked()
        {
            f.reset();
        }
    });
    let first_type = reply_types.first().copied();
    // The body's problem under the text; anything else (no channel, no email address) below it.
    let body_error = move || match action.value().get() {
        Some(Err(e)) => e.field("body"),
        _ => None,
    };
    let other_error = move || match action.value().get() {
        Some(Err(crate::errors::AppError::Validation(f))) => {
            f.0.iter()
                .find(|(k, _)| k.as_str() != "body")
                .map(|(_, m)| m.clone())
        }
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    view! {
        <div class="border-t border-slate-200 bg-white p-3">
            <ActionForm action node_ref=form>
                <input type="hidden" name="conversation_id" value=conversation_id.to_string() />
                <div class="mb-2 flex gap-4 text-sm" role="radiogroup" aria-label="Reply as">
                    {reply_types
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let label = if *t == MessageType::Note {
                                "Internal note"
                            } else {
                                t.label()
                            };
                            let t = *t;
                            let chosen = draft
                                .kind
                                .get_untracked()
                                .filter(|k| reply_types.contains(k))
                                .or(first_type);
                            view! {
                                <label class="inline-flex items-center gap-1.5">
                                    <input
                                        type="radio"
                                        name="message_type"
                                        value=t.as_str()
                                        checked=chosen == Some(t) || (chosen.is_none() && i == 0)
                                        on:change=move |_| draft.kind.set(Some(t))
                                        data-testid=format!("reply-type-{}", t.as_str())
                                    />
                                    {label}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <label class="sr-only" for="reply-body">
                    "Reply"
                </label>
                <textarea
                    id="reply-body"
                    name="body"
                    rows="3"
                    placeholder="Write a reply…"
                    class="w-full resize-y rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
                    data-testid="reply-body"
                    prop:value=move || draft.text.get()
                    on:input=move |ev| draft.text.set(event_target_value(&ev))
                ></textarea>
                <FieldError message=Signal::derive(body_error) testid="reply-error" />
                <FieldError message=Signal::derive(other_error) testid="reply-error" />
                {email_unconnected
                    .then(|| {
                        view! {
                            <p class="mt-1 text-xs text-slate-500" data-testid="email-unconnected">
                                "Email replies are off: this inbox's Email channel is not connected. An admin can connect it in "
                                <a href="/settings/channels" class="text-indigo-700 underline">
                                    "Settings → Channels"
                                </a>
                                "."
                            </p>
                        }
                    })}
                <div class="mt-2 flex justify-end">
                    <button
                        type="submit"
                        class=Button::Primary.class()
                        disabled=move || action.pending().get()
                        data-testid="reply-send"
                    >
                        {move || if action.pending().get() { "Sending…" } else { "Send" }}
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}

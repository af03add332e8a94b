//! The shared pieces every page uses: the looks of inputs and buttons, a text input bound to a
//! signal, a checkbox with its label, the one message paragraph shown next to a field (with the
//! helper that reads it from a server answer's field errors), an action's outcome beside its
//! button, ↑/↓/✕ for rows an admin orders, and Delete with its "are you sure?" bar.
//!
//! Attributes given after `{..}` (`<TextInput value {..} placeholder="…" data-testid="…" />`)
//! land on the `<input>` itself.

use crate::errors::AppError;
use leptos::prelude::*;

/// The look of text inputs, selects and text areas in forms.
pub const INPUT: &str = "w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/// The look of the template builder's small inputs.
pub const INPUT_SMALL: &str = "rounded-md border border-slate-300 px-1.5 py-0.5 text-xs focus:border-indigo-500 focus:outline-none";

/// The looks of buttons: one class string per kind, so every page's main action looks the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// A form's main action (Save, Create, Send).
    Primary,
    /// The main action in a dense row or a card.
    PrimarySmall,
    /// An action beside the main one (Save without activating, Cancel, Test).
    Secondary,
    /// A small action in a row of them (Send test event, Rotate secret).
    SecondarySmall,
    /// A ↑, ↓ or ✕ in a row.
    Icon,
}

impl Button {
    /// Its classes.
    pub const fn class(self) -> &'static str {
        match self {
            Button::Primary => {
                "rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
            }
            Button::PrimarySmall => {
                "rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
            }
            Button::Secondary => {
                "rounded-md border border-slate-300 px-4 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60"
            }
            Button::SecondarySmall => {
                "rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50"
            }
            Button::Icon => {
                "rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-30"
            }
        }
    }
}

/// A one-line text input that reads and writes `value` (`mono` for URLs, paths and templates).
#[component]
pub fn TextInput(value: RwSignal<String>, #[prop(optional)] mono: bool) -> impl IntoView {
    let class = if mono {
        format!("{INPUT} font-mono")
    } else {
        INPUT.to_string()
    };
    view! { <input class=class bind:value=value /> }
}

/// A checkbox that reads and writes `value`, inside a label holding its children (without any,
/// give it a `label`, its accessible name). `class` adds to the label's classes; `testid` and
/// `disabled` are the box's own. Named props rather than spread attributes: the browser's build
/// erases component types, and spread attributes then land on the outer label, not the box.
#[component]
pub fn Checkbox(
    value: RwSignal<bool>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    let label_class = format!("flex items-center gap-2 {class}");
    view! {
        <label class=label_class>
            <input
                type="checkbox"
                bind:checked=value
                data-testid=testid
                aria-label=label
                disabled=move || disabled.get()
            />
            {children.map(|c| c())}
        </label>
    }
}

/// The message next to a form field, when there is one (`small` inside dense tables and the
/// template builder).
#[component]
pub fn FieldError(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(optional, into)] testid: Option<String>,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let class = if small {
        "mt-0.5 text-xs text-red-600"
    } else {
        "mt-1 text-sm text-red-600"
    };
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class=class role="alert" data-testid=testid.clone()>
                {move || message.get()}
            </p>
        </Show>
    }
}

/// The message the server gave for `field` in the last answer `errors` holds (a save, a test),
/// shown small under the field with the test id `error-{field}`.
pub fn field_error(errors: Signal<Option<AppError>>, field: String) -> impl IntoView {
    let testid = format!("error-{field}");
    let message = Signal::derive(move || errors.get().and_then(|e| e.field(&field)));
    view! { <FieldError message testid small=true /> }
}

/// The "are you sure?" bar of a destructive action, shown while `open`: the question, a red
/// button that runs `on_confirm`, and Cancel (which closes it). Its test ids are
/// `{testid}-confirm`, `{testid}-yes` and `{testid}-no`.
#[component]
pub fn ConfirmBar(
    open: RwSignal<bool>,
    #[prop(into)] question: String,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <span
                class="flex items-center gap-2 rounded-md bg-red-50 p-2 text-sm text-red-800"
                role="alertdialog"
                data-testid=format!("{testid}-confirm")
            >
                <span>{question.clone()}</span>
                <button
                    type="button"
                    class="rounded-md bg-red-600 px-3 py-1 text-white hover:bg-red-500"
                    on:click=move |_| on_confirm.run(())
                    data-testid=format!("{testid}-yes")
                >
                    {confirm_label}
                </button>
                <button
                    type="button"
                    class="rounded-md border border-red-200 px-3 py-1 hover:bg-red-100"
                    on:click=move |_| open.set(false)
                    data-testid=format!("{testid}-no")
                >
                    "Cancel"
                </button>
            </span>
        </Show>
    }
}

/// What the last run of an action came to, beside its button: `Failed` in red (an alert for
/// screen readers), `Done` in green.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome {
    /// It failed; why, in the user's words.
    Failed(String),
    /// It worked; what to say.
    Done(&'static str),
}

impl ActionOutcome {
    /// The outcome of an action's last `result`: its error, or `done` (`None` says nothing on
    /// success).
    pub fn of<T>(result: Option<Result<T, AppError>>, done: Option<&'static str>) -> Option<Self> {
        match result? {
            Ok(_) => done.map(ActionOutcome::Done),
            Err(e) => Some(ActionOutcome::Failed(e.to_string())),
        }
    }
}

/// An action's outcome beside its button or in its panel; nothing while `outcome` is `None`.
/// `done_testid` and `failed_testid` tell the two apart in tests; `small` for dense rows.
#[component]
pub fn ActionStatus(
    #[prop(into)] outcome: Signal<Option<ActionOutcome>>,
    #[prop(optional)] done_testid: Option<&'static str>,
    #[prop(optional)] failed_testid: Option<&'static str>,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let size = if small { "text-xs" } else { "text-sm" };
    move || {
        outcome.get().map(|o| match o {
            ActionOutcome::Failed(message) => view! {
                <span class=format!("{size} text-red-700") role="alert" data-testid=failed_testid>
                    {message}
                </span>
            }
            .into_any(),
            ActionOutcome::Done(message) => view! {
                <span class=format!("{size} text-emerald-700") data-testid=done_testid>
                    {message}
                </span>
            }
            .into_any(),
        })
    }
}

/// ↑, ↓ and ✕ for one row of a list an admin orders. `what` names the row in the buttons'
/// labels ("field": "Move field up"); `on_move` gets `true` for up; the test ids are
/// `{testid}-up`, `{testid}-down` and `{testid}-remove`.
#[component]
pub fn RowControls(
    what: &'static str,
    #[prop(into)] is_first: Signal<bool>,
    #[prop(into)] is_last: Signal<bool>,
    on_move: Callback<bool>,
    on_remove: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    let class = Button::Icon.class();
    view! {
        <span class="ml-auto flex">
            <button
                type="button"
                class=class
                aria-label=format!("Move {what} up")
                disabled=is_first
                on:click=move |_| on_move.run(true)
                data-testid=format!("{testid}-up")
            >
                "↑"
            </button>
            <button
                type="button"
                class=class
                aria-label=format!("Move {what} down")
                disabled=is_last
                on:click=move |_| on_move.run(false)
                data-testid=format!("{testid}-down")
            >
                "↓"
            </button>
            <button
                type="button"
                class=class
                aria-label=format!("Remove {what}")
                on:click=move |_| on_remove.run(())
                data-testid=format!("{testid}-remove")
            >
                "✕"
            </button>
        </span>
    }
}

/// A red "Delete" and, once clicked, the [`ConfirmBar`] asking `question`; `on_confirm` runs
/// when it is confirmed. Test ids: `{testid}` for Delete, then the bar's.
#[component]
pub fn DeleteWithConfirm(
    #[prop(into)] question: String,
    #[prop(optional)] confirm_label: Option<&'static str>,
    on_confirm: Callback<()>,
    testid: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    view! {
        <button
            type="button"
            class=format!("text-red-600 hover:underline {class}")
            on:click=move |_| confirming.set(true)
            data-testid=testid
        >
            "Delete"
        </button>
        <ConfirmBar
            open=confirming
            question
            confirm_label=confirm_label.unwrap_or("Delete")
            on_confirm
            testid
        />
    }
}

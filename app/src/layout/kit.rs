//! The shared form pieces every page uses: the input look, a text input bound to a signal, a
//! checkbox with its label, and the one message paragraph shown next to a field (with the helper
//! that reads it from a server answer's field errors).
//!
//! Attributes given after `{..}` (`<TextInput value {..} placeholder="…" data-testid="…" />`)
//! land on the `<input>` itself.

use crate::errors::AppError;
use leptos::attribute_interceptor::AttributeInterceptor;
use leptos::prelude::*;

/// The look of text inputs, selects and text areas in forms.
pub const INPUT: &str = "w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/// The look of the template builder's small inputs.
pub const INPUT_SMALL: &str = "rounded-md border border-slate-300 px-1.5 py-0.5 text-xs focus:border-indigo-500 focus:outline-none";

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
/// give it an `aria-label`). `class` adds to the label's classes.
#[component]
pub fn Checkbox(
    value: RwSignal<bool>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    let label_class = format!("flex items-center gap-2 {class}");
    view! {
        <AttributeInterceptor let:attrs>
            <label class=label_class.clone()>
                <input {..attrs} type="checkbox" bind:checked=value />
                {children.clone().map(|c| c())}
            </label>
        </AttributeInterceptor>
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

//! The name/value rows editor of the Configuration tab, for HTTP headers and query parameters
//! alike: one table and one row, told apart by [`PairKind`] (labels, test ids, the error keys of
//! the saved form, and the secret column headers have).

use crate::errors::AppError;
use crate::layout::{Checkbox, INPUT, TextInput, field_error};
use leptos::prelude::*;
use model::integration::config::is_secret_header;

/// One editable row: a header or a query parameter.
#[derive(Clone, Copy)]
pub(super) struct PairRow {
    /// Stable across edits, so removing a row keeps the others' inputs.
    pub(super) key: u32,
    pub(super) name: RwSignal<String>,
    pub(super) value: RwSignal<String>,
    /// Headers only: encrypted at rest and masked when read.
    pub(super) secret: RwSignal<bool>,
}

/// Which list a rows editor edits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PairKind {
    /// HTTP headers (with a secret column).
    Header,
    /// Query parameters (GET and DELETE).
    Query,
}

impl PairKind {
    fn legend(self) -> &'static str {
        match self {
            PairKind::Header => "HTTP headers",
            PairKind::Query => "Query parameters",
        }
    }

    /// The prefix of the rows' test ids (`header-name`, `query-add` ...).
    fn testid(self) -> &'static str {
        match self {
            PairKind::Header => "header",
            PairKind::Query => "query",
        }
    }

    /// The form's key for the list in validation errors (`headers.2.name`).
    fn field(self) -> &'static str {
        match self {
            PairKind::Header => "headers",
            PairKind::Query => "query_params",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            PairKind::Header => "header",
            PairKind::Query => "parameter",
        }
    }

    fn placeholders(self) -> (&'static str, &'static str) {
        match self {
            PairKind::Header => ("Authorization", "Bearer your-api-token-here"),
            PairKind::Query => ("email", "{{contact.email}}"),
        }
    }
}

/// The rows of `kind`, with Add and a remove button per row.
#[component]
pub(super) fn PairsTable(
    kind: PairKind,
    rows: RwSignal<Vec<PairRow>>,
    on_add: Callback<()>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = kind.testid();
    let (name_placeholder, value_placeholder) = kind.placeholders();
    let footer = match kind {
        PairKind::Header => view! {
            <p class="mt-1 text-xs text-slate-500">
                "Secret values are encrypted and shown masked; leave a masked value as it is to keep it."
            </p>
        }
        .into_any(),
        PairKind::Query => field_error(errors, kind.field().to_string()).into_any(),
    };
    view! {
        <fieldset>
            <legend class="text-xs font-medium text-slate-700">{kind.legend()}</legend>
            <table class="mt-1 w-full text-left text-xs">
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, row)| {
                                view! {
                                    <tr data-testid=format!("{id}-row")>
                                        <td class="w-1/3 pr-2 align-top">
                                            <input
                                                class=INPUT
                                                prop:value=move || row.name.get()
                                                on:input=move |ev| {
                                                    let name = event_target_value(&ev);
                                                    if kind == PairKind::Header && is_secret_header(&name) {
                                                        row.secret.set(true);
                                                    }
                                                    row.name.set(name);
                                                }
                                                placeholder=name_placeholder
                                                data-testid=format!("{id}-name")
                                            />
                                            {field_error(errors, format!("{}.{i}.name", kind.field()))}
                                        </td>
                                        <td class="pr-2 align-top">
                                            <TextInput
                                                value=row.value
                                                mono=true
                                                {..}
                                                placeholder=value_placeholder
                                                data-testid=format!("{id}-value")
                                            />
                                            {field_error(errors, format!("{}.{i}.value", kind.field()))}
                                        </td>
                                        {(kind == PairKind::Header)
                                            .then(|| {
                                                view! {
                                                    <td class="whitespace-nowrap pr-2 align-top">
                                                        <Checkbox
                                                            value=row.secret
                                                            class="py-1"
                                                            testid="header-secret"
                                                        >
                                                            "Secret"
                                                        </Checkbox>
                                                    </td>
                                                }
                                            })}
                                        <td class="align-top">
                                            <button
                                                type="button"
                                                class="px-1 py-1 text-slate-500 hover:text-red-600"
                                                aria-label=format!("Remove {}", kind.noun())
                                                on:click=move |_| {
                                                    rows.update(|all| all.retain(|r| r.key != row.key))
                                                }
                                                data-testid=format!("{id}-remove")
                                            >
                                                "✕"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {footer}
            <button
                type="button"
                class="mt-1 text-xs text-indigo-600 hover:underline"
                on:click=move |_| on_add.run(())
                data-testid=format!("{id}-add")
            >
                {format!("+ Add {}", kind.noun())}
            </button>
        </fieldset>
    }
    .into_any()
}

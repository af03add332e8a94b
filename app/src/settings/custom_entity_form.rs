//! The custom entity form: name, slug (on create only) and the attribute rows, shared by "New
//! custom entity" and "Edit".

use crate::errors::AppError;
use crate::layout::{Button, Checkbox, FieldError, INPUT, TextInput};
use crate::server_fns::settings::{CreateCustomEntity, UpdateCustomEntity};
use leptos::prelude::*;
use model::custom_entity::{AttributeDefinition, AttributeType, CustomEntityView};

/// One attribute row of the form, kept in signals until submitted.
#[derive(Clone, Copy)]
struct Row {
    key: RwSignal<String>,
    label: RwSignal<String>,
    kind: RwSignal<AttributeType>,
    required: RwSignal<bool>,
    options: RwSignal<String>,
    external: RwSignal<bool>,
}

impl Row {
    fn new() -> Self {
        Row::from(&AttributeDefinition {
            key: String::new(),
            label: String::new(),
            attribute_type: AttributeType::String,
            required: false,
            options: Vec::new(),
            is_external_id: false,
        })
    }

    fn from(d: &AttributeDefinition) -> Self {
        Row {
            key: RwSignal::new(d.key.clone()),
            label: RwSignal::new(d.label.clone()),
            kind: RwSignal::new(d.attribute_type),
            required: RwSignal::new(d.required),
            options: RwSignal::new(d.options.join(", ")),
            external: RwSignal::new(d.is_external_id),
        }
    }

    fn definition(&self) -> AttributeDefinition {
        AttributeDefinition {
            key: self.key.get(),
            label: self.label.get(),
            attribute_type: self.kind.get(),
            required: self.required.get(),
            options: self
                .options
                .get()
                .split(',')
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect(),
            is_external_id: self.external.get(),
        }
    }
}

/// The message for `field` from the last submission, shown under the field.
fn field_error(last: Signal<Option<Result<(), AppError>>>, field: String) -> impl IntoView {
    let testid = format!("error-{field}");
    let message = Signal::derive(move || match last.get() {
        Some(Err(e)) => e.field(&field),
        _ => None,
    });
    view! { <FieldError message testid small=true /> }
}

/// The attribute rows as an editable table, plus the hidden `attributes` field they submit as.
#[component]
fn AttributeTable(
    rows: RwSignal<Vec<Row>>,
    last: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let attributes_json = move || {
        let defs: Vec<AttributeDefinition> = rows.get().iter().map(Row::definition).collect();
        serde_json::to_string(&defs).unwrap_or_else(|_| "[]".into())
    };
    view! {
        <input type="hidden" name="attributes" prop:value=attributes_json />
        <table class="w-full text-left text-xs">
            <thead class="text-slate-500">
                <tr>
                    <th class="pr-2">"Key"</th>
                    <th class="pr-2">"Label"</th>
                    <th class="pr-2">"Type"</th>
                    <th class="pr-2">"Options (select)"</th>
                    <th class="pr-2">"Required"</th>
                    <th class="pr-2">"External id"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| {
                            view! {
                                <tr data-testid="attribute-row">
                                    <td class="pr-2 align-top">
                                        <TextInput
                                            value=r.key
                                            {..}
                                            placeholder="order_number"
                                            aria-label="Key"
                                            data-testid="attribute-key"
                                        />
                                        {field_error(last, format!("attributes.{i}.key"))}
                                    </td>
                                    <td class="pr-2 align-top">
                                        <TextInput
                                            value=r.label
                                            {..}
                                            placeholder="Order number"
                                            aria-label="Label"
                                            data-testid="attribute-label"
                                        />
                                        {field_error(last, format!("attributes.{i}.label"))}
                                    </td>
                                    <td class="pr-2 align-top">
                                        <select
                                            class=INPUT
                                            aria-label="Type"
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                if let Some(t) = AttributeType::ALL
                                                    .iter()
                                                    .find(|t| t.as_str() == v)
                                                {
                                                    r.kind.set(*t);
                                                }
                                            }
                                            data-testid="attribute-type"
                                        >
                                            {AttributeType::ALL
                                                .iter()
                                                .map(|t| {
                                                    view! {
                                                        <option
                                                            value=t.as_str()
                                                            selected=move || r.kind.get() == *t
                                                        >
                                                            {t.as_str()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                        {field_error(last, format!("attributes.{i}.type"))}
                                    </td>
                                    <td class="pr-2 align-top">
                                        <TextInput
                                            value=r.options
                                            {..}
                                            placeholder="pending, shipped"
                                            aria-label="Options"
                                            disabled=move || r.kind.get() != AttributeType::Select
                                            data-testid="attribute-options"
                                        />
                                        {field_error(last, format!("attributes.{i}.options"))}
                                    </td>
                                    <td class="pr-2 align-top">
                                        <Checkbox
                                            value=r.required
                                            label="Required"
                                            testid="attribute-required"
                                        />
                                    </td>
                                    <td class="pr-2 align-top">
                                        <Checkbox
                                            value=r.external
                                            label="External id"
                                            testid="attribute-external"
                                        />
                                        {field_error(
                                            last,
                                            format!("attributes.{i}.is_external_id"),
                                        )}
                                    </td>
                                    <td class="align-top">
                                        <button
                                            type="button"
                                            class="text-slate-500 hover:text-red-600"
                                            aria-label="Remove attribute"
                                            title="Remove attribute"
                                            on:click=move |_| {
                                                rows.update(|all| {
                                                    if i < all.len() {
                                                        all.remove(i);
                                                    }
                                                })
                                            }
                                            data-testid="attribute-remove"
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
        {field_error(last, "attributes".into())}
        <button
            type="button"
            class="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            on:click=move |_| rows.update(|r| r.push(Row::new()))
            data-testid="attribute-add"
        >
            "Add attribute"
        </button>
    }
}

/// "New custom entity": name, optional slug and attributes.
#[component]
pub(super) fn NewEntityForm(action: ServerAction<CreateCustomEntity>) -> impl IntoView {
    let rows = RwSignal::new(vec![Row::new()]);
    let last = Signal::derive(move || action.value().get());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            rows.set(vec![Row::new()]);
        }
    });
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4">
            <h2 class="font-medium">"New custom entity"</h2>
            <ActionForm action attr:class="mt-3 space-y-3" attr:data-testid="entity-form">
                <div class="grid grid-cols-2 gap-3">
                    <label class="text-xs font-medium text-slate-700">
                        "Name"
                        <input
                            name="name"
                            class=INPUT
                            placeholder="Orders"
                            data-testid="entity-name-input"
                        /> {field_error(last, "name".into())}
                    </label>
                    <label class="text-xs font-medium text-slate-700">
                        "Slug (optional)"
                        <input
                            name="slug"
                            class=INPUT
                            placeholder="orders"
                            data-testid="entity-slug-input"
                        /> {field_error(last, "slug".into())}
                    </label>
                </div>
                <AttributeTable rows last />
                <div>
                    <button
                        type="submit"
                        class=Button::Primary.class()
                        disabled=move || action.pending().get()
                        data-testid="entity-create"
                    >
                        "Create entity"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Editing one entity: its name and attributes (the slug is fixed once created).
#[component]
pub(super) fn EditEntityForm(
    entity: CustomEntityView,
    action: ServerAction<UpdateCustomEntity>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let rows = RwSignal::new(entity.attributes.iter().map(Row::from).collect::<Vec<_>>());
    let last = Signal::derive(move || action.value().get());
    let note = (entity.record_count > 0).then(|| {
        view! {
            <p class="text-xs text-slate-500">
                {format!(
                    "{} records exist: attributes keep their type and the external id stays on its attribute.",
                    entity.record_count,
                )}
            </p>
        }
    });
    view! {
        <ActionForm action attr:class="mt-3 space-y-3" attr:data-testid="entity-edit-form">
            <input type="hidden" name="id" value=entity.id.to_string() />
            <label class="block text-xs font-medium text-slate-700">
                "Name"
                <input
                    name="name"
                    class=INPUT
                    value=entity.name.clone()
                    data-testid="entity-name-input"
                /> {field_error(last, "name".into())}
            </label>
            {note}
            <AttributeTable rows last />
            <div class="flex gap-2">
                <button
                    type="submit"
                    class=Button::Primary.class()
                    disabled=move || action.pending().get()
                    data-testid="entity-save"
                >
                    "Save changes"
                </button>
                <button
                    type="button"
                    class="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
                    on:click=move |_| on_cancel.run(())
                    data-testid="entity-edit-cancel"
                >
                    "Cancel"
                </button>
            </div>
        </ActionForm>
    }
}

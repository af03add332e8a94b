//! `/settings/custom-entities`: the team's record types, with their attributes, editing and
//! deletion (admins only).

use crate::errors::AppError;
use crate::layout::{AdminPage, DeleteWithConfirm};
use crate::server_fns::settings::{
    CreateCustomEntity, DeleteCustomEntity, UpdateCustomEntity, list_custom_entities,
};
use crate::settings::SettingsNav;
use crate::settings::custom_entity_form::{EditEntityForm, NewEntityForm};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use model::custom_entity::CustomEntityView;

/// `/settings/custom-entities`: the team's own record types (orders, shipments, ...) with their
/// attributes: create, edit, delete; records are written through the REST API. Agents get
/// "Admins only".
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct CustomEntitiesRoute {
    create: ServerAction<CreateCustomEntity>,
    update: ServerAction<UpdateCustomEntity>,
    delete: ServerAction<DeleteCustomEntity>,
    editing: RwSignal<Option<i64>>,
    entities: Resource<Result<Vec<CustomEntityView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for CustomEntitiesRoute {
    fn data() -> Self {
        let create = ServerAction::<CreateCustomEntity>::new();
        let update = ServerAction::<UpdateCustomEntity>::new();
        let delete = ServerAction::<DeleteCustomEntity>::new();
        let saved = RwSignal::new(0u32);
        let editing = RwSignal::new(None::<i64>);
        Effect::new(move |_| {
            let done = [
                create.value().get(),
                update.value().get(),
                delete.value().get(),
            ];
            if done.iter().any(|d| matches!(d, Some(Ok(())))) {
                saved.update(|n| *n += 1);
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(())) = update.value().get() {
                editing.set(None);
            }
        });
        let entities = Resource::new(move || saved.get(), |_| list_custom_entities());
        Self {
            create,
            update,
            delete,
            editing,
            entities,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <CustomEntitiesPage route=this /> }.into_any()
    }
}

#[component]
fn CustomEntitiesPage(route: CustomEntitiesRoute) -> impl IntoView {
    let CustomEntitiesRoute {
        create,
        update,
        delete,
        editing,
        entities,
    } = route;
    view! {
        <AdminPage
            title="Custom entities"
            data=entities
            body=move |list| {
                view! {
                    <div class="max-w-3xl space-y-4">
                        <h1 class="text-lg font-semibold">"Custom entities"</h1>
                        <p class="text-sm text-slate-600">
                            "Record types of your own, such as orders or shipments. Entity inboxes hold conversations about their records; records are created and updated through the REST API ("
                            <code class="rounded bg-slate-100 px-1">
                                "/api/v1/custom-entity-records"
                            </code>")."
                        </p>
                        <EntityList entities=list editing update delete />
                        <NewEntityForm action=create />
                    </div>
                }
            }
        >
            <SettingsNav />
        </AdminPage>
    }
}

#[component]
fn EntityList(
    entities: Vec<CustomEntityView>,
    editing: RwSignal<Option<i64>>,
    update: ServerAction<UpdateCustomEntity>,
    delete: ServerAction<DeleteCustomEntity>,
) -> impl IntoView {
    if entities.is_empty() {
        return view! {
            <p class="text-sm text-slate-500" data-testid="no-entities">
                "No custom entities yet."
            </p>
        }
        .into_any();
    }
    view! {
        <ul class="space-y-3" data-testid="entity-list">
            {entities
                .into_iter()
                .map(|e| view! { <EntityItem entity=e editing update delete /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// One entity: its attributes, Edit (the form in place) and Delete (asks first, naming how many
/// records go with it).
#[component]
fn EntityItem(
    entity: CustomEntityView,
    editing: RwSignal<Option<i64>>,
    update: ServerAction<UpdateCustomEntity>,
    delete: ServerAction<DeleteCustomEntity>,
) -> impl IntoView {
    let id = entity.id;
    let records = match entity.record_count {
        0 => "no records".to_string(),
        1 => "its 1 record".to_string(),
        n => format!("its {n} records"),
    };
    let question = format!(
        "Delete {} and {records}? Conversations about them stay, unlinked.",
        entity.name
    );
    let attributes: Vec<String> = entity
        .attributes
        .iter()
        .map(|a| {
            let mut text = format!("{} ({})", a.key, a.attribute_type.as_str());
            if a.required {
                text.push_str(" · required");
            }
            if a.is_external_id {
                text.push_str(" · external id");
            }
            text
        })
        .collect();
    let summary = format!(
        "{} · custom_entity_id {} · {} record{}",
        entity.slug,
        entity.id,
        entity.record_count,
        if entity.record_count == 1 { "" } else { "s" }
    );
    let name = entity.name.clone();
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-4" data-testid="entity">
            <div class="flex items-baseline gap-2">
                <span class="font-medium" data-testid="entity-name">
                    {name}
                </span>
                <span class="font-mono text-xs text-slate-500" data-testid="entity-summary">
                    {summary}
                </span>
                <span class="ml-auto flex gap-2 text-sm">
                    <button
                        type="button"
                        class="text-indigo-600 hover:underline"
                        on:click=move |_| editing.set(Some(id))
                        data-testid="entity-edit"
                    >
                        "Edit"
                    </button>
                    <DeleteWithConfirm
                        question=question.clone()
                        confirm_label="Delete entity"
                        on_confirm=Callback::new(move |()| {
                            delete.dispatch(DeleteCustomEntity { id });
                        })
                        testid="entity-delete"
                    />
                </span>
            </div>
            <Show
                when=move || editing.get() == Some(id)
                fallback=move || {
                    view! {
                        <ul class="mt-2 flex flex-wrap gap-1 text-xs">
                            {attributes
                                .iter()
                                .map(|text| {
                                    view! {
                                        <li
                                            class="rounded bg-slate-100 px-2 py-0.5 text-slate-700"
                                            data-testid="entity-attribute"
                                        >
                                            {text.clone()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                }
            >
                <EditEntityForm
                    entity=entity.clone()
                    action=update
                    on_cancel=Callback::new(move |_| editing.set(None))
                />
            </Show>
        </li>
    }
}

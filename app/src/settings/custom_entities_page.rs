use crate::errors::AppError;
use crate::layout::{AdminsOnly, ErrorPanel};
use crate::server_fns::settings::{CreateCustomEntity, list_custom_entities};
use crate::settings::SettingsNav;
use leptos::prelude::*;
use leptos_meta::Title;
use model::custom_entity::{AttributeDefinition, AttributeType, CustomEntityView};

const INPUT: &str = "w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/// `/settings/custom-entities`: the team's own record types (orders, shipments, ...) with their
/// attributes; records are written through the REST API. Agents get "Admins only".
#[component]
pub fn CustomEntitiesPage() -> impl IntoView {
    let create = ServerAction::<CreateCustomEntity>::new();
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = create.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let entities = Resource::new(move || saved.get(), |_| list_custom_entities());
    view! {
        <Title text="Custom entities · Chatlane" />
        <div class="flex-1 overflow-y-auto p-6">
            <SettingsNav />
            <Suspense fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match entities.await {
                        Err(AppError::Forbidden(_)) => view! { <AdminsOnly /> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(list) => view! {
                            <div class="max-w-3xl space-y-4">
                                <h1 class="text-lg font-semibold">"Custom entities"</h1>
                                <p class="text-sm text-slate-600">
                                    "Record types of your own, such as orders or shipments. Entity inboxes hold conversations about their records; records are created and updated through the REST API ("
                                    <code class="rounded bg-slate-100 px-1">"/api/v1/custom-entity-records"</code>")."
                                </p>
                                <EntityList entities=list />
                                <NewEntityForm action=create />
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn EntityList(entities: Vec<CustomEntityView>) -> impl IntoView {
    if entities.is_empty() {
        return view! { <p class="text-sm text-slate-500" data-testid="no-entities">"No custom entities yet."</p> }.into_any();
    }
    view! {
        <ul class="space-y-3" data-testid="entity-list">
            {entities
                .into_iter()
                .map(|e| view! {
                    <li class="rounded-lg border border-slate-200 bg-white p-4" data-testid="entity">
                        <div class="flex items-baseline gap-2">
                            <span class="font-medium" data-testid="entity-name">{e.name.clone()}</span>
                            <span class="font-mono text-xs text-slate-500">{format!("{} · custom_entity_id {}", e.slug, e.id)}</span>
                        </div>
                        <ul class="mt-2 flex flex-wrap gap-1 text-xs">
                            {e.attributes
                                .into_iter()
                                .map(|a| {
                                    let mut text = format!("{} ({})", a.key, a.attribute_type.as_str());
                                    if a.required { text.push_str(" · required"); }
                                    if a.is_external_id { text.push_str(" · external id"); }
                                    view! { <li class="rounded bg-slate-100 px-2 py-0.5 text-slate-700" data-testid="entity-attribute">{text}</li> }
                                })
                                .collect_view()}
                        </ul>
                    </li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

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
        Row {
            key: RwSignal::new(String::new()),
            label: RwSignal::new(String::new()),
            kind: RwSignal::new(AttributeType::String),
            required: RwSignal::new(false),
            options: RwSignal::new(String::new()),
            external: RwSignal::new(false),
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

#[component]
fn NewEntityForm(action: ServerAction<CreateCustomEntity>) -> impl IntoView {
    let rows = RwSignal::new(vec![Row::new()]);
    let attributes_json = move || {
        let defs: Vec<AttributeDefinition> = rows.get().iter().map(Row::definition).collect();
        serde_json::to_string(&defs).unwrap_or_else(|_| "[]".into())
    };
    let error = move |field: String| {
        move || {
            match action.value().get() {
            Some(Err(e)) => e.field(&field).map(|m| view! { <p class="mt-1 text-xs text-red-600" role="alert" data-testid=format!("error-{field}")>{m}</p> }),
            _ => None,
        }
        }
    };
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
                    <label class="text-xs font-medium text-slate-700">"Name"
                        <input name="name" class=INPUT placeholder="Orders" data-testid="entity-name-input" />
                        {error("name".into())}
                    </label>
                    <label class="text-xs font-medium text-slate-700">"Slug (optional)"
                        <input name="slug" class=INPUT placeholder="orders" data-testid="entity-slug-input" />
                        {error("slug".into())}
                    </label>
                </div>
                <input type="hidden" name="attributes" prop:value=attributes_json />
                <table class="w-full text-left text-xs">
                    <thead class="text-slate-500">
                        <tr><th class="pr-2">"Key"</th><th class="pr-2">"Label"</th><th class="pr-2">"Type"</th><th class="pr-2">"Options (select)"</th><th class="pr-2">"Required"</th><th>"External id"</th></tr>
                    </thead>
                    <tbody>
                        {move || rows.get().into_iter().enumerate().map(|(i, r)| view! {
                            <tr data-testid="attribute-row">
                                <td class="pr-2 align-top">
                                    <input class=INPUT prop:value=move || r.key.get() on:input=move |ev| r.key.set(event_target_value(&ev)) placeholder="order_number" data-testid="attribute-key" />
                                    {error(format!("attributes.{i}.key"))}
                                </td>
                                <td class="pr-2 align-top">
                                    <input class=INPUT prop:value=move || r.label.get() on:input=move |ev| r.label.set(event_target_value(&ev)) placeholder="Order number" data-testid="attribute-label" />
                                    {error(format!("attributes.{i}.label"))}
                                </td>
                                <td class="pr-2 align-top">
                                    <select class=INPUT on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        if let Some(t) = AttributeType::ALL.iter().find(|t| t.as_str() == v) { r.kind.set(*t); }
                                    } data-testid="attribute-type">
                                        {AttributeType::ALL.iter().map(|t| view! { <option value=t.as_str() selected=move || r.kind.get() == *t>{t.as_str()}</option> }).collect_view()}
                                    </select>
                                </td>
                                <td class="pr-2 align-top">
                                    <input class=INPUT prop:value=move || r.options.get() on:input=move |ev| r.options.set(event_target_value(&ev)) placeholder="pending, shipped" disabled=move || r.kind.get() != AttributeType::Select data-testid="attribute-options" />
                                    {error(format!("attributes.{i}.options"))}
                                </td>
                                <td class="pr-2 align-top"><input type="checkbox" prop:checked=move || r.required.get() on:change=move |ev| r.required.set(event_target_checked(&ev)) data-testid="attribute-required" /></td>
                                <td class="align-top">
                                    <input type="checkbox" prop:checked=move || r.external.get() on:change=move |ev| r.external.set(event_target_checked(&ev)) data-testid="attribute-external" />
                                    {error(format!("attributes.{i}.is_external_id"))}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {error("attributes".into())}
                <div class="flex gap-2">
                    <button type="button" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" on:click=move |_| rows.update(|r| r.push(Row::new())) data-testid="attribute-add">"Add attribute"</button>
                    <button type="submit" class="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60" disabled=move || action.pending().get() data-testid="entity-create">"Create entity"</button>
                </div>
            </ActionForm>
        </section>
    }
}

//! `/integrations/new` and `/integrations/:id`: the integration editor with its tabs
//! Configuration, Testing, Template, Inboxes and Run log (with the cache); Save, Save & Activate,
//! Delete.

use super::cache_panel::CachePanel;
use super::form::{ConfigurationTab, IntegrationForm};
use super::inboxes_tab::{InboxesTab, chosen_inboxes, inbox_rows};
use super::run_log::RunLogTab;
use super::template_tab::TemplateTab;
use super::testing_tab::TestingTab;
use crate::errors::AppError;
use crate::layout::{AdminPage, Button, DeleteWithConfirm, guard_unsaved_changes};
use crate::server_fns::integrations::{
    DeleteIntegration, SaveIntegration, TestIntegration, get_integration_editor,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::{LazyRoute, lazy_route};
use model::integration::view::IntegrationEditorData;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Configuration,
    Testing,
    Template,
    Inboxes,
    Runs,
}

impl Tab {
    const ALL: [(Tab, &'static str, &'static str); 5] = [
        (Tab::Configuration, "Configuration", "tab-configuration"),
        (Tab::Testing, "Testing", "tab-testing"),
        (Tab::Template, "Template", "tab-template"),
        (Tab::Inboxes, "Inboxes", "tab-inboxes"),
        (Tab::Runs, "Run log", "tab-runs"),
    ];
}

/// The editor page: loads the integration (or nothing, for a new one) and shows the editor.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct IntegrationEditorRoute {
    data: Resource<Result<IntegrationEditorData, AppError>>,
}

#[lazy_route]
impl LazyRoute for IntegrationEditorRoute {
    fn data() -> Self {
        let params = use_params_map();
        let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
        let data = Resource::new(id, get_integration_editor);
        Self { data }
    }

    fn view(this: Self) -> AnyView {
        view! { <IntegrationEditorPage route=this /> }.into_any()
    }
}

#[component]
fn IntegrationEditorPage(route: IntegrationEditorRoute) -> impl IntoView {
    let IntegrationEditorRoute { data } = route;
    view! {
        <AdminPage title="Integration" data body=|d| view! { <Editor data=d /> }>
            <A href="/integrations" attr:class="text-sm text-indigo-600 hover:underline">
                "← Integrations"
            </A>
        </AdminPage>
    }
    .into_any()
}

#[component]
fn Editor(data: IntegrationEditorData) -> impl IntoView {
    let id = data.integration.as_ref().map(|i| i.id);
    let form = IntegrationForm::new(data.integration.as_ref());
    let tab = RwSignal::new(Tab::Configuration);
    let save = ServerAction::<SaveIntegration>::new();
    let test = ServerAction::<TestIntegration>::new();
    let delete = ServerAction::<DeleteIntegration>::new();
    let navigate = use_navigate();
    // What was last loaded or saved: the form differs from it when there are unsaved changes.
    let saved_form = RwSignal::new(untrack(|| form.input()));
    let dirty = Memo::new(move |_| saved_form.with(|saved| form.input() != *saved));
    guard_unsaved_changes(dirty.into());
    let errors = Signal::derive(move || {
        let from_save = save.value().get().and_then(Result::err);
        let from_test = test.value().get().and_then(Result::err);
        from_save.or(from_test)
    });
    let nav = navigate.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            saved_form.set(untrack(|| form.input()));
            if id.is_none() {
                nav(&format!("/integrations/{saved}"), Default::default());
            }
        }
        // Template problems are shown by the builder; everything else by its field.
        Some(Err(AppError::Validation(errors))) => {
            tab.set(if errors.0.keys().all(|k| k.starts_with("template")) {
                Tab::Template
            } else {
                Tab::Configuration
            })
        }
        _ => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/integrations", Default::default());
        }
    });
    let rows = inbox_rows(data.inboxes.clone());
    let attach = rows.clone();
    let submit = move |activate: bool| {
        if activate {
            form.is_active.set(true);
        }
        save.dispatch(SaveIntegration {
            id,
            input: form.input(),
            // A new integration's inboxes are attached in the same step; a saved one's are
            // saved on their tab.
            inboxes: id.is_none().then(|| chosen_inboxes(&attach)),
        });
    };
    let title = data
        .integration
        .as_ref()
        .map_or_else(|| "Add Integration".to_string(), |i| i.name.clone());
    let version = data.integration.as_ref().map(|i| i.version);
    let builtin_demo = data.integration.as_ref().is_some_and(|i| i.builtin_demo);
    let sample = data
        .integration
        .as_ref()
        .and_then(|i| i.sample_data.clone());
    let now = data
        .integration
        .as_ref()
        .map(|i| i.updated_at)
        .unwrap_or_default();
    let runs = data.runs.clone();
    let attribute_keys = data.attribute_keys.clone();
    view! {
        <div class="mt-3 max-w-6xl space-y-4">
            <EditorHeader title version builtin_demo />
            <TabNav tab saved=id.is_some() />
            <div class="rounded-lg border border-slate-200 bg-white p-4">
                <div class:hidden=move || tab.get() != Tab::Configuration>
                    <ConfigurationTab form errors attribute_keys=attribute_keys.clone() />
                </div>
                <div class:hidden=move || tab.get() != Tab::Testing>
                    <TestingTab form id action=test />
                </div>
                <div class:hidden=move || tab.get() != Tab::Template>
                    <TemplateTab form sample=sample.clone() now=now test />
                </div>
                <Show when=move || tab.get() == Tab::Inboxes>
                    <InboxesTab id rows=rows.clone() />
                </Show>
                {id
                    .map(|id| {
                        let runs = runs.clone();
                        view! {
                            <Show when=move || tab.get() == Tab::Runs>
                                <CachePanel id />
                                <RunLogTab runs=runs.clone() />
                            </Show>
                        }
                    })}
            </div>
            <SaveBar id save delete dirty=dirty.into() on_submit=Callback::new(submit) />
        </div>
    }
    .into_any()
}

/// The editor's title, its version and, for the built-in demo, what that integration is.
#[component]
fn EditorHeader(title: String, version: Option<i64>, builtin_demo: bool) -> impl IntoView {
    view! {
        <div class="flex items-baseline gap-3">
            <h1 class="text-lg font-semibold" data-testid="editor-title">
                {title}
            </h1>
            {version
                .map(|v| {
                    view! { <span class="text-xs text-slate-500">{format!("version {v}")}</span> }
                })}
        </div>
        {builtin_demo
            .then(|| {
                view! {
                    <p
                        class="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900"
                        data-testid="builtin-demo-notice"
                    >
                        "Built-in demo: this integration calls the demo CRM that Chatlane serves itself, under /demo/crm/ on this server. It is the only call allowed to reach this server's own address, and only that path; deleting this integration (or running "
                        <code>"chatlane demo --remove"</code>
                        ") removes that exception too."
                    </p>
                }
            })}
    }
}

/// The look of the editor's tabs: one whole class string per state, so the chosen tab's text and
/// background never come from two rules that fight (it was white on near-white).
const TAB: &str = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40";
/// The chosen tab.
const TAB_CHOSEN: &str = "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white";

/// The tabs; Inboxes and Run log wait for the first save (`saved`).
#[component]
fn TabNav(tab: RwSignal<Tab>, saved: bool) -> impl IntoView {
    view! {
        <nav class="flex flex-wrap gap-2" aria-label="Integration">
            {Tab::ALL
                .into_iter()
                .map(|(t, label, testid)| {
                    let needs_saving = t == Tab::Runs && !saved;
                    view! {
                        <button
                            type="button"
                            class=move || if tab.get() == t { TAB_CHOSEN } else { TAB }
                            aria-current=move || (tab.get() == t).then_some("page")
                            disabled=needs_saving
                            title=if needs_saving { "Save the integration first" } else { "" }
                            on:click=move |_| tab.set(t)
                            data-testid=testid
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Save, Save & Activate (`on_submit` gets whether to activate), what the last save said or that
/// there are unsaved changes, and Delete for a saved integration.
#[component]
fn SaveBar(
    id: Option<i64>,
    save: ServerAction<SaveIntegration>,
    delete: ServerAction<DeleteIntegration>,
    dirty: Signal<bool>,
    on_submit: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <button
                type="button"
                class=Button::Secondary.class()
                disabled=move || save.pending().get()
                on:click=move |_| on_submit.run(false)
                data-testid="save"
            >
                "Save"
            </button>
            <button
                type="button"
                class=Button::Primary.class()
                disabled=move || save.pending().get()
                on:click=move |_| on_submit.run(true)
                data-testid="save-activate"
            >
                "Save & Activate"
            </button>
            {move || match (save.value().get(), dirty.get()) {
                (Some(Err(e)), _) => {
                    Some(
                        view! {
                            <span
                                class="text-sm text-red-700"
                                role="alert"
                                data-testid="save-error"
                            >
                                {e.to_string()}
                            </span>
                        }
                            .into_any(),
                    )
                }
                (_, true) => {
                    Some(
                        view! {
                            <span class="text-sm text-amber-700" data-testid="unsaved">
                                "Unsaved changes"
                            </span>
                        }
                            .into_any(),
                    )
                }
                (Some(Ok(_)), false) if id.is_some() => {
                    Some(
                        view! {
                            <span class="text-sm text-emerald-700" data-testid="saved">
                                "Saved."
                            </span>
                        }
                            .into_any(),
                    )
                }
                _ => None,
            }}
            {id
                .map(|id| {
                    view! {
                        <DeleteWithConfirm
                            question="Delete this integration, its inbox attachments and run log?"
                            on_confirm=Callback::new(move |()| {
                                delete.dispatch(DeleteIntegration { id });
                            })
                            testid="delete"
                            class="ml-auto text-sm"
                        />
                    }
                })}
        </div>
    }
}

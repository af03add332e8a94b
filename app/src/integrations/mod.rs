//! Integrations (admins): the team's list, the health console, the editor with its tabs, and an
//! inbox's Integrations tab.

mod builder;
mod cache_panel;
mod card_view;
mod condition_editor;
mod editor_page;
mod form;
mod health_chart;
mod health_page;
mod inbox_integrations_page;
mod inboxes_tab;
mod integrations_page;
mod pairs;
mod run_conditions_editor;
mod run_log;
mod template_tab;
mod testing_tab;

pub use card_view::TemplateView;
pub use editor_page::IntegrationEditorRoute;
pub use health_page::IntegrationHealthRoute;
pub use inbox_integrations_page::InboxIntegrationsRoute;
pub use integrations_page::IntegrationsRoute;

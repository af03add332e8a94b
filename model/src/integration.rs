//! Contact integrations: the configuration admins write, the variables it may use, the building
//! of one run's HTTP request from both, and what screens and the API show of them (pure, shared by
//! the editor and the server).

pub mod config;
pub mod request;
pub mod stream;
pub mod variables;
pub mod view;

#[cfg(test)]
mod tests;

pub use config::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam, is_secret_header};
pub use request::{Prepared, RequestTemplate, ResolvedRequest, TemplateError, resolve};
pub use variables::{Variable, VariableValues, is_known, needed_reason, placeholders};
pub use view::{
    IntegrationResult, IntegrationSummary, IntegrationView, RunLogEntry, RunStatus, RunTrigger,
    TestOutcome, is_masked, mask_secret,
};

//! Contact integrations: the configuration admins write, the variables it may use, the building
//! of one run's HTTP request from both, and what screens and the API show of them (pure, shared by
//! the editor and the server).

pub mod config;
pub mod diagnosis;
pub mod expression;
pub mod health;
pub mod request;
pub mod run_conditions;
pub mod stale;
pub mod stream;
pub mod variables;
pub mod view;

#[cfg(test)]
mod tests;

pub use config::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam, is_secret_header};
pub use expression::{Expression, ExpressionError, FilterName, Source, needed_reason, problems_in};
pub use request::{Prepared, RequestTemplate, ResolvedRequest, TemplateError, resolve};
pub use variables::{Variable, VariableValues, attribute_name, placeholders};
pub use view::{
    IntegrationResult, IntegrationSummary, IntegrationView, RunLogEntry, RunStatus, RunTrigger,
    TestOutcome, is_masked, mask_secret,
};

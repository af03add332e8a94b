//! Contact integrations: the configuration admins write, the variables it may use, and the
//! building of one run's HTTP request from both (pure, shared by the editor and the server).

pub mod config;
pub mod request;
pub mod variables;

#[cfg(test)]
mod tests;

pub use config::{HeaderEntry, HttpMethod, IntegrationInput, QueryParam, is_secret_header};
pub use request::{Prepared, RequestTemplate, ResolvedRequest, TemplateError, resolve};
pub use variables::{VariableValues, is_known, needed_reason, placeholders};

//! HTTP-level integration tests through the real router (in process), plus the `chatlane` binary's
//! subcommands; one binary for the whole crate.

mod support;

mod api;
mod auth;
mod cli;
mod demo_crm;
mod headers;
mod inbox;
mod integration_editor;
mod live_events;
mod metrics;
mod settings;
mod webhook_crash;

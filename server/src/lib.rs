//! The Chatlane server: configuration, telemetry, start-up, the one router, REST handlers,
//! middleware and CLI subcommands.

pub mod api;
pub mod assets;
pub mod cli;
pub mod configuration;
pub mod docs;
pub mod handlers;
pub mod live;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;

//! Service-layer integration tests, one binary (one link) for the whole crate. Most scenarios run
//! on SQLite and, when `DATABASE_URL_TEST_PG` is set, again on a fresh PostgreSQL database.

mod support;

mod auth;
mod card_diagnosis;
mod channels;
mod contacts;
mod conversations;
mod custom_entities;
mod data_generation;
mod demo_and_migrations;
mod demo_integration;
mod integration_health;
mod integration_secrets;
mod integrations;
mod isolation;
mod live_events;
mod outbound;
mod run_conditions;
mod stale_answers;
mod token_reader;
mod visitors;
mod webhooks;

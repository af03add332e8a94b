//! sea-orm entities, one per table. Every team-owned table has `team_id`.

pub mod agent;
pub mod api_token;
pub mod attachment;
pub mod contact;
pub mod conversation;
pub mod conversation_tag;
pub mod custom_entity;
pub mod custom_entity_record;
pub mod custom_entity_record_contact;
pub mod inbox;
pub mod inbox_channel;
pub mod inbox_integration;
pub mod integration;
pub mod integration_health_minute;
pub mod integration_run;
pub mod message;
pub mod session;
pub mod tag;
pub mod team;
pub mod team_event;
pub mod team_event_horizon;
pub mod team_member;
pub mod user;
pub mod webhook;
pub mod webhook_attempt;
pub mod webhook_delivery;

mod vocabulary;
pub(crate) use vocabulary::read as read_vocabulary;

//! Everything behind the server's doors: entities, services (Query/Mutation style over
//! `&DatabaseConnection`), authentication and the demo data. Server functions and REST handlers call
//! these; neither holds business logic of its own.

pub mod actor;
pub mod auth;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod entities;
pub mod error;
pub mod events;
pub mod metrics;
pub mod outbound;
pub mod services;
pub mod state;
pub mod storage;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use actor::Actor;
pub use error::ServiceError;
pub use sea_orm::{DatabaseConnection, DbErr};
pub use state::AppState;

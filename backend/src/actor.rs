//! Who is acting, in which team, with which role. Every service call takes one, and every query
//! filters by its `team_id`.

use crate::error::ServiceError;
use model::Role;

/// A signed-in user acting inside one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The user.
    pub user_id: i64,
    /// The team every query is scoped to.
    pub team_id: i64,
    /// The user's role in that team.
    pub role: Role,
}

impl Actor {
    /// Refuses non-admins with the "admins only" error.
    pub fn require_admin(&self) -> Result<(), ServiceError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::admins_only())
        }
    }
}

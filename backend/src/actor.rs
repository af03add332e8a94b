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

/// The `user_id` of [`Actor::system`]: no user has it (ids start at 1).
const SYSTEM_USER_ID: i64 = 0;

impl Actor {
    /// The team itself, acting with no user: background work such as warming integrations and
    /// rendering webhook payloads, which reads what the team owns. It has the admin role, so no
    /// team data is hidden from it; only background work builds one, never a request.
    pub fn system(team_id: i64) -> Self {
        Actor {
            user_id: SYSTEM_USER_ID,
            team_id,
            role: Role::Admin,
        }
    }

    /// Whether this is [`Actor::system`] rather than a user.
    pub fn is_system(&self) -> bool {
        self.user_id == SYSTEM_USER_ID
    }

    /// Whether the actor is an admin of its team.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Refuses non-admins with the "admins only" error.
    pub fn require_admin(&self) -> Result<(), ServiceError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ServiceError::admins_only())
        }
    }
}

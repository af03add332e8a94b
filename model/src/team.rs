//! Teams, users and who is signed in.

use crate::Role;
use serde::{Deserialize, Serialize};

/// A team the signed-in user belongs to, with their role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMembership {
    /// The team's id.
    pub team_id: i64,
    /// The team's display name.
    pub team_name: String,
    /// The team's slug.
    pub team_slug: String,
    /// The user's role in that team.
    pub role: Role,
}

/// The signed-in user as the UI sees them: who, in which team, with which role, and their other teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// The user's id.
    pub user_id: i64,
    /// The user's name.
    pub name: String,
    /// The user's email.
    pub email: String,
    /// The team this session works in.
    pub team: TeamMembership,
    /// Every team the user belongs to (including the current one).
    pub teams: Vec<TeamMembership>,
    /// The newest event of the log when the page was read (read before its data): the browser's
    /// live stream resumes after it, so nothing committed between the page and the stream is
    /// lost. `None` where it was not read.
    #[serde(default)]
    pub live_after: Option<i64>,
}

impl Viewer {
    /// Whether the user is an admin of the current team.
    pub fn is_admin(&self) -> bool {
        self.team.role == Role::Admin
    }
}

/// A member of a team, as the team settings page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// The user's id.
    pub user_id: i64,
    /// The user's name.
    pub name: String,
    /// The user's email.
    pub email: String,
    /// Their role in the team.
    pub role: Role,
}

//! `list_team_members`: the team's members; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::team::TeamMember;

/// The team's members; admins only.
#[server(prefix = "/rpc", endpoint = "list_team_members")]
pub async fn list_team_members() -> Result<Vec<TeamMember>, AppError> {
    use backend::services::teams::TeamService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(TeamService::members(&state.db, &s.actor).await?)
}

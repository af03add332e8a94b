//! `switch_team`: moves the session to another of the user's teams and reloads the inbox.

use crate::errors::AppError;
use leptos::prelude::*;

/// Moves the session to another of the user's teams and reloads the inbox.
#[server(prefix = "/rpc", endpoint = "switch_team")]
pub async fn switch_team(team_id: i64) -> Result<(), AppError> {
    use crate::server_fns::context;
    use backend::auth::SessionService;
    let (state, signed_in) = context::signed_in().await?;
    SessionService::switch_team(&state.db, &signed_in, team_id).await?;
    leptos_axum::redirect("/inbox");
    Ok(())
}

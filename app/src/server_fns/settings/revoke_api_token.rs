//! `revoke_api_token`: revokes one of the team's API tokens: any for an admin, their own for an agent.

use crate::errors::AppError;
use leptos::prelude::*;

/// Revokes one of the team's API tokens: any for an admin, their own for an agent. Requests with it fail from now on.
#[server(prefix = "/rpc", endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    use backend::auth::ApiTokenService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ApiTokenService::revoke(&state.db, &s.actor, id).await?)
}

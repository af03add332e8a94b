//! `list_api_tokens`: the team's active API tokens: all of them for an admin, their own for an agent.

use crate::errors::AppError;
use leptos::prelude::*;
use model::api_token::ApiTokenView;

/// The team's active API tokens: all of them for an admin, their own for an agent.
#[server(prefix = "/rpc", endpoint = "list_api_tokens")]
pub async fn list_api_tokens() -> Result<Vec<ApiTokenView>, AppError> {
    use backend::auth::ApiTokenService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ApiTokenService::list(&state.db, &s.actor).await?)
}

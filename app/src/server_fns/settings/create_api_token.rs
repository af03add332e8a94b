//! `create_api_token`: creates an API token acting as the signed-in member, in the current team or
//! another of theirs (`team_id`), with their role there.

use crate::errors::AppError;
use leptos::prelude::*;
use model::api_token::NewApiTokenView;

/// Creates an API token acting as the signed-in member in `team_id` (the current team when
/// `None`), with their role there. The answer is the only time the plain token is sent anywhere.
#[server(prefix = "/rpc", endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    #[server(default)] team_id: Option<i64>,
) -> Result<NewApiTokenView, AppError> {
    use backend::auth::ApiTokenService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ApiTokenService::create(&state.db, &s.actor, team_id, &name).await?)
}

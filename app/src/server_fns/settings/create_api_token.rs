//! `create_api_token`: creates an API token acting as the signed-in admin in the current team.

use crate::errors::AppError;
use leptos::prelude::*;
use model::api_token::NewApiTokenView;

/// Creates an API token acting as the signed-in admin in the current team. The answer is the
/// only time the plain token is sent anywhere.
#[server(prefix = "/rpc", endpoint = "create_api_token")]
pub async fn create_api_token(name: String) -> Result<NewApiTokenView, AppError> {
    use backend::auth::ApiTokenService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ApiTokenService::create(&state.db, &s.actor, &name).await?)
}

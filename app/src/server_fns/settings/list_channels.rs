//! `list_channels`: the team's channels with how each one sends; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::channel::ChannelView;

/// The team's channels with how each one sends; admins only.
#[server(prefix = "/rpc", endpoint = "list_channels")]
pub async fn list_channels() -> Result<Vec<ChannelView>, AppError> {
    use backend::services::channels::ChannelService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    Ok(ChannelService::list(&state.db, &s.actor).await?)
}

//! `disconnect_channel`: disconnects a channel from its driver: nothing more can be sent through
//! it.

use crate::errors::AppError;
use leptos::prelude::*;

/// Disconnects a channel from its driver: nothing more can be sent through it.
#[server(prefix = "/rpc", endpoint = "disconnect_channel")]
pub async fn disconnect_channel(channel_id: i64) -> Result<(), AppError> {
    use backend::services::channels::ChannelService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    ChannelService::disconnect(&state.db, &s.actor, channel_id).await?;
    Ok(())
}

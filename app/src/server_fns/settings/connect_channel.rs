//! `connect_channel`: connects channel `channel_id` to the driver the form chose, with its fields
//! (the form's names are `form[host]`, `form[port]`, …).

use crate::errors::AppError;
use leptos::prelude::*;
use model::channel::ChannelForm;

/// Connects channel `channel_id` to the driver the form chose, with its fields (the form's
/// names are `form[host]`, `form[port]`, …). An empty secret keeps the stored one.
#[server(prefix = "/rpc", endpoint = "connect_channel")]
pub async fn connect_channel(channel_id: i64, form: ChannelForm) -> Result<(), AppError> {
    use backend::ServiceError;
    use backend::services::channels::ChannelService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    // Field errors go through the service error, which also sets the 422 status.
    let input = form.parse().map_err(ServiceError::Validation)?;
    ChannelService::configure(
        &state.db,
        &state.secrets,
        &state.outbound,
        &s.actor,
        channel_id,
        input,
    )
    .await?;
    Ok(())
}

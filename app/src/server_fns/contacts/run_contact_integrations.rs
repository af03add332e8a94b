//! `run_contact_integrations`: runs the contact's integrations for the profile sheet and streams
//! the feed: the planned cards, then each result the moment it finishes
//! (`model::integration::stream`).

use crate::errors::AppError;
use leptos::prelude::*;
use server_fn::codec::{StreamingText, TextStream};

/// Runs the contact's integrations for the profile sheet and streams the feed: the planned cards,
/// then each result the moment it finishes (`model::integration::stream`). `refresh_integration`
/// runs only that integration afresh (its card's refresh button); `refresh_all` runs all afresh.
#[server(prefix = "/rpc", endpoint = "run_contact_integrations", output = StreamingText)]
pub async fn run_contact_integrations(
    contact_id: i64,
    conversation_id: Option<i64>,
    refresh_integration: Option<i64>,
    refresh_all: bool,
) -> Result<TextStream<AppError>, AppError> {
    use backend::services::integrations::runner::{self, Refresh, RunRequest};
    use futures_util::StreamExt;
    use model::integration::RunTrigger;
    use model::integration::stream::RunEvent;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let refresh = match (refresh_integration, refresh_all) {
        (Some(id), _) => Refresh::One(id),
        (None, true) => Refresh::All,
        (None, false) => Refresh::No,
    };
    let request = RunRequest {
        contact_id,
        conversation_id,
        inbox_id: None,
        refresh,
        trigger: if refresh == Refresh::No {
            RunTrigger::Profile
        } else {
            RunTrigger::Refresh
        },
    };
    let run = runner::start(&state, &s.actor, request).await?;
    let planned = futures_util::stream::once(async move {
        Ok::<_, AppError>(RunEvent::Planned(run.planned).to_line())
    });
    let results = futures_util::stream::unfold(run.results, |mut results| async move {
        let next = results.recv().await?;
        Some((Ok(RunEvent::Result(Box::new(next)).to_line()), results))
    });
    Ok(TextStream::new(planned.chain(results)))
}

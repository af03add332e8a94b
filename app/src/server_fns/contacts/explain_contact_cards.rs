//! `explain_contact_cards`: "Why is this card empty?" — what decides each integration's card on
//! a contact's sheet; admins only.

use crate::errors::AppError;
use leptos::prelude::*;
use model::integration::diagnosis::CardDiagnosis;

/// Every integration of the team with the rule that decides its card on `contact_id`'s sheet,
/// opened from `conversation_id` (whose inbox decides which integrations run); admins only.
/// Nothing is called.
#[server(prefix = "/rpc", endpoint = "explain_contact_cards")]
pub async fn explain_contact_cards(
    contact_id: i64,
    conversation_id: Option<i64>,
) -> Result<Vec<CardDiagnosis>, AppError> {
    use backend::services::integrations::diagnosis::explain_cards;
    use backend::services::integrations::runner::{Refresh, RunRequest};
    use model::integration::RunTrigger;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let request = RunRequest {
        contact_id,
        conversation_id,
        inbox_id: None,
        refresh: Refresh::No,
        trigger: RunTrigger::Profile,
    };
    Ok(explain_cards(&state, &s.actor, request).await?)
}

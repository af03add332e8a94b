use crate::errors::AppError;
use leptos::prelude::*;
use model::webhook::WebhookView;

/// Creates a webhook from the settings form (JSON of `WebhookInput`); the answer carries the
/// signing secret, the only time it is shown.
#[server(prefix = "/rpc", endpoint = "create_webhook")]
pub async fn create_webhook(form: String) -> Result<WebhookView, AppError> {
    use backend::services::webhooks::WebhookService;
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let input = serde_json::from_str(&form).map_err(|_| {
        AppError::Validation(model::FieldErrors::from(model::ValidationError::new(
            "form",
            "The form could not be read. Reload the page.",
        )))
    })?;
    Ok(WebhookService::create(&state, &s.actor, input).await?)
}

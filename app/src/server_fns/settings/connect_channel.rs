// One argument per form field: the server function macro generates the argument list.
#![allow(clippy::too_many_arguments)]

use crate::errors::AppError;
use leptos::prelude::*;

/// Connects a channel to the `smtp` or `webhook` driver with the form's fields (the other
/// driver's fields are ignored). An empty `secret` keeps the stored one.
#[server(prefix = "/rpc", endpoint = "connect_channel")]
pub async fn connect_channel(
    channel_id: i64,
    driver: String,
    host: String,
    port: String,
    security: String,
    username: String,
    from_email: String,
    from_name: String,
    url: String,
    secret: String,
) -> Result<(), AppError> {
    use backend::ServiceError;
    use backend::services::channels::ChannelService;
    use model::channel::{
        DriverInput, DriverSettings, SmtpSecurity, SmtpSettings, WebhookDriverSettings,
    };
    let (state, s) = crate::server_fns::context::signed_in().await?;
    let settings = match driver.as_str() {
        "smtp" => {
            // Field errors go through the service error, which also sets the 422 status.
            let port = port.trim().parse::<u16>().map_err(|_| {
                AppError::from(ServiceError::invalid(
                    "settings.port",
                    "Enter a port between 1 and 65535.",
                ))
            })?;
            // An unknown value is the admin's to correct, never a silent STARTTLS.
            let security = security.trim().parse::<SmtpSecurity>().map_err(|_| {
                AppError::from(ServiceError::invalid(
                    "settings.security",
                    "Choose STARTTLS, TLS or none.",
                ))
            })?;
            DriverSettings::Smtp(SmtpSettings {
                host,
                port,
                security,
                username,
                from_email,
                from_name,
            })
        }
        "webhook" => DriverSettings::Webhook(WebhookDriverSettings { url }),
        _ => {
            return Err(AppError::from(ServiceError::invalid(
                "settings.driver",
                "Choose SMTP or Webhook.",
            )));
        }
    };
    let secret = Some(secret).filter(|s| !s.trim().is_empty());
    ChannelService::configure(
        &state.db,
        &state.secrets,
        &state.outbound,
        &s.actor,
        channel_id,
        DriverInput { settings, secret },
    )
    .await?;
    Ok(())
}

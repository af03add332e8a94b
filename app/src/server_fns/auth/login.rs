//! `login`: checks email and password, sets the session cookie (and the device cookie that keeps
//! this browser allowed to try while the account is locked) and sends the browser to the inbox.

use crate::errors::AppError;
use leptos::prelude::*;

/// Checks email and password, sets the session cookie (and the device cookie that keeps this
/// browser allowed to try while the account is locked) and sends the browser to the inbox.
#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::server_fns::context;
    use backend::auth::SessionService;
    let state = context::state()?;
    let origin = context::request_origin(&state);
    let device = context::device_cookie(&origin);
    let logged_in =
        SessionService::login(&state, &email, &password, origin.client, device.as_deref()).await?;
    context::set_session_cookie(&origin, Some(&logged_in.session_token))?;
    context::set_device_cookie(&origin, &logged_in.device_cookie)?;
    leptos_axum::redirect("/inbox");
    Ok(())
}

//! `logout`: ends the session, clears the cookie and sends the browser to the login page.

use crate::errors::AppError;
use leptos::prelude::*;

/// Ends the session, clears the cookie and sends the browser to the login page.
#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server_fns::context;
    use backend::auth::SessionService;
    let state = context::state()?;
    let origin = context::request_origin(&state);
    if let Some(token) = context::session_token(&origin) {
        SessionService::logout(&state.db, &token).await?;
    }
    context::set_session_cookie(&origin, None)?;
    leptos_axum::redirect("/login");
    Ok(())
}

use crate::errors::AppError;
use leptos::prelude::*;

/// Checks email and password, sets the session cookie and sends the browser to the inbox.
#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::server_fns::context;
    use backend::auth::SessionService;
    let state = context::state()?;
    let address = context::client_address().await;
    let token =
        SessionService::login(&state.db, &state.login_limiter, &email, &password, &address).await?;
    context::set_session_cookie(Some(&token), state.secure_cookies)?;
    leptos_axum::redirect("/inbox");
    Ok(())
}

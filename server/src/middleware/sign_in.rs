//! The pages' door: a page a signed-out visitor cannot see answers with a server-side redirect
//! to `/login` (never an empty shell that only the hydrated app would leave), and `/` sends the
//! browser to `/inbox` or `/login`. Only page GETs are looked at; server functions under `/rpc`
//! answer 401 themselves, and `/login` is open to everyone.
//!
//! Invariant: a page is rendered only for a request whose session resolves now; a database that
//! cannot answer lets the page render its own error instead of sending a signed-in user away. The
//! resolved session travels in the request's extensions, so rendering the page resolves it once.

use crate::state::ServerState;
use app::server_fns::context::{origin_of, session_token_in};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use backend::ServiceError;
use backend::auth::SessionService;

/// Pages anyone may open.
const OPEN_PAGES: [&str; 1] = ["/login"];

/// Redirects signed-out page requests to `/login` and `/` to where the visitor belongs.
pub async fn pages_need_sign_in(
    State(state): State<ServerState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let page = request.method() == Method::GET || request.method() == Method::HEAD;
    if !page || path.starts_with("/rpc/") || OPEN_PAGES.contains(&path) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let origin = origin_of(&state.app, Some(&parts));
    let resolved = match session_token_in(&parts, &origin) {
        None => Err(ServiceError::Unauthenticated),
        Some(token) => SessionService::resolve(&state.app.db, &token).await,
    };
    match resolved {
        // The page's server functions read it from the request instead of resolving it again.
        Ok(signed_in) => {
            parts.extensions.insert(signed_in);
        }
        Err(ServiceError::Database(_)) => {}
        Err(_) => return Redirect::to("/login").into_response(),
    }
    if parts.uri.path() == "/" {
        return Redirect::to("/inbox").into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

//! `get_viewer`: the signed-in user, or `None` when nobody is (pages then send the browser to the
//! login page).

use crate::errors::AppError;
use leptos::prelude::*;
use model::team::Viewer;

/// The signed-in user, or `None` when nobody is (pages then send the browser to the login page).
#[server(prefix = "/rpc", endpoint = "viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    use crate::server_fns::context;
    match context::signed_in().await {
        // The layout reads this before any page data, so every event after this id is one
        // the page may not show: the live stream resumes after it.
        Ok((state, signed_in)) => Ok(Some(Viewer {
            live_after: Some(backend::events::latest_id(&state.db).await?),
            ..signed_in.viewer
        })),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

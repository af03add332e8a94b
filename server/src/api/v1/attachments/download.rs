//! `GET /api/v1/attachments/{id}`: an attached file, with the same token as the API.

use crate::api::caller::ApiCaller;
use crate::api::errors::{self, ApiError};
use crate::api::extract::ApiPath;
use crate::state::ServerState;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use backend::services::messages::MessageService;

/// Downloads one of the team's attachments; another team's is 404. Always sent as a download
/// (`Content-Disposition: attachment`, `nosniff`) so a file can never run as a page of ours.
#[utoipa::path(
    get,
    path = "/api/v1/attachments/{id}",
    tag = "Messages",
    summary = "Download an attachment",
    params(("id" = i64, Path, description = "The attachment's id (from a message's `attachments`)")),
    responses(
        (status = 200, description = "The file, with the content type it was stored with", content_type = "*/*", body = Vec<u8>),
        (status = 404, description = "No such attachment in the team (`NOT_FOUND`)", body = crate::api::errors::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn download_attachment(
    State(state): State<ServerState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath,
) -> Result<Response, ApiError> {
    let file = MessageService::attachment(&state.app.db, &caller.actor, id).await?;
    let bytes = state
        .app
        .attachments
        .get(&file.storage_key)
        .await
        .map_err(|e| {
            tracing::error!(attachment = id, error = %e, "attachment file missing");
            errors::internal()
        })?;
    let content_type = HeaderValue::from_str(&file.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    // RFC 6266: an ASCII fallback plus the exact UTF-8 name.
    let ascii: String = file
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(file.file_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}

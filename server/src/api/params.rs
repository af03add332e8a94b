//! Query parameters as the OpenAPI document describes them. Handlers read the same names from
//! `ApiQuery` (so each can report the parameter at fault); `server/tests/http/api/v1/openapi.rs`
//! checks that every parameter documented here is one the handler reads.

use chrono::{DateTime, Utc};
use utoipa::IntoParams;

/// Paging, shared by every collection.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Rows per page: 1 to 100 (default 50); anything else is a 422.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Rows to skip (use this or `page`).
    #[param(minimum = 0)]
    pub offset: Option<u64>,
    /// Page number from 1 (use this or `offset`).
    #[param(minimum = 1)]
    pub page: Option<u64>,
}

/// `created_after`, shared by every polling collection.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PollParams {
    /// Only rows created strictly after this ISO 8601 instant; use the `created_at` of the newest
    /// row you have seen. Rows are ordered by `created_at`, then `id`.
    pub created_after: Option<DateTime<Utc>>,
}

/// Filters of `GET /api/v1/contacts`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactFilterParams {
    /// Exact email address (case-insensitive).
    pub email: Option<String>,
    /// Phone number in any international notation; normalised to E.164 before matching.
    pub phone_number: Option<String>,
}

/// Filters of `GET /api/v1/conversations`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationFilterParams {
    /// Only this inbox's conversations.
    pub inbox_id: Option<i64>,
    /// `active`, `pending` or `closed`.
    #[param(pattern = "^(active|pending|closed)$")]
    pub status: Option<String>,
}

/// Filters of `GET /api/v1/messages`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageFilterParams {
    /// Only this conversation's messages.
    pub conversation_id: Option<i64>,
    /// Only messages of conversations in this inbox.
    pub inbox_id: Option<i64>,
    /// `email`, `sms`, `whatsapp`, `note`, `phone_call`, `facebook` or `instagram`.
    #[param(
        rename = "type",
        pattern = "^(email|sms|whatsapp|note|phone_call|facebook|instagram)$"
    )]
    pub message_type: Option<String>,
}

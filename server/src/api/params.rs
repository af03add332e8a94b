//! Query parameters as the OpenAPI document describes them. An empty parameter (`?status=`, as
//! form-based clients like Zapier send for a blank field) means "no filter". Handlers read the
//! same names from `ApiQuery` (so each can report the parameter at fault);
//! `server/tests/http/api/v1/openapi.rs` checks that every documented parameter is read, and
//! `scripts/api-contract.sh` runs schemathesis against the document.

use chrono::{DateTime, Utc};
use utoipa::IntoParams;

/// Paging, shared by every collection.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Rows per page: 1 to 100 (default 50); anything else is a 422.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Rows to skip (use this or `page`), at most 1,000,000,000.
    #[param(minimum = 0, maximum = 1_000_000_000)]
    pub offset: Option<u64>,
    /// Page number from 1 (use this or `offset`); the page may start at row 1,000,000,000 at most.
    #[param(minimum = 1, maximum = 10_000_000)]
    pub page: Option<u64>,
}

/// `created_after`, shared by every polling collection.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PollParams {
    /// Only rows created strictly after this ISO 8601 instant (`2026-01-26T10:00:00Z`, or a
    /// date for its midnight UTC); use the `created_at` of the newest row you have seen. Rows are
    /// ordered by `created_at`, then `id`. Empty: no filter.
    #[param(value_type = Option<String>, pattern = "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}")]
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
    /// `active`, `pending` or `closed` (empty: any).
    #[param(pattern = "^(active|pending|closed)?$")]
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
    /// `email`, `sms`, `whatsapp`, `note`, `phone_call`, `facebook` or `instagram` (empty: any).
    #[param(
        rename = "type",
        pattern = "^(email|sms|whatsapp|note|phone_call|facebook|instagram)?$"
    )]
    pub message_type: Option<String>,
}

/// Filters of the custom entity record list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordFilterParams {
    /// Only records of this custom entity.
    pub custom_entity_id: Option<i64>,
}

//! One integration call: the request built from the opened integration and a run's variables,
//! sent through the guarded outbound client with the integration's limits, and the answer read
//! (JSON when it says so). The runner and the Testing tab both call through here; neither
//! touches the client directly.

use super::cache::{Fetched, request_hash};
use super::stored::OpenIntegration;
use crate::outbound::{Limits, OutboundError, OutboundRequest, OutboundResponse};
use crate::state::AppState;
use chrono::Utc;
use model::integration::stale::{FailureKind, Unavailability};
use model::integration::{Prepared, RequestTemplate, ResolvedRequest, VariableValues, resolve};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Milliseconds since `since`.
pub(crate) fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// `open`'s request for `values` (or the reason it cannot be built).
pub(crate) fn prepare(open: &OpenIntegration, values: &VariableValues) -> Result<Prepared, String> {
    let headers: Vec<(String, String)> = open
        .headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();
    let query: Vec<(String, String)> = open
        .query_params
        .iter()
        .map(|q| (q.name.clone(), q.value.clone()))
        .collect();
    let template = RequestTemplate {
        url: &open.row.url,
        headers: &headers,
        query: &query,
        body: open.body.as_deref().filter(|_| open.method.has_body()),
    };
    resolve(&template, values).map_err(|e| e.message)
}

/// Why a call gave no answer to show: a safe message, and the status when the API answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallError {
    pub message: String,
    pub http_status: Option<u16>,
    /// How the API is not answering (a timeout, no connection, a 5xx or a 429), as opposed to a
    /// call that can never succeed as made: the card may show the last good answer instead.
    pub unavailable: Option<Unavailability>,
    /// With an open breaker: when a call will be tried again.
    pub retry_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What kind of failure it is.
    pub failure: FailureKind,
    /// A 429's `Retry-After`, in seconds.
    pub retry_after_secs: Option<u64>,
}

impl CallError {
    pub(crate) fn plain(message: String) -> Self {
        CallError {
            message,
            http_status: None,
            unavailable: None,
            retry_at: None,
            failure: FailureKind::Other,
            retry_after_secs: None,
        }
    }
}

impl From<OutboundError> for CallError {
    fn from(e: OutboundError) -> Self {
        let (http_status, retry_after_secs) = match &e {
            OutboundError::Status {
                status,
                retry_after,
                ..
            } => (
                Some(*status),
                retry_after
                    .as_deref()
                    .and_then(|v| model::webhook::retry_after(v, chrono::Utc::now()))
                    .and_then(|d| u64::try_from(d.num_seconds()).ok()),
            ),
            _ => (None, None),
        };
        CallError {
            message: e.to_string(),
            http_status,
            unavailable: e.unavailability(),
            retry_at: None,
            failure: e.failure(),
            retry_after_secs,
        }
    }
}

/// One request ready for the guarded client.
pub(crate) struct OutboundCall {
    pub request: OutboundRequest,
    limits: Limits,
    /// The built-in demo integration: its one destination is the server's own demo CRM.
    own_demo: bool,
}

impl OutboundCall {
    pub(crate) fn new(open: &OpenIntegration, resolved: ResolvedRequest) -> Self {
        let mut headers = resolved.headers;
        let body = resolved.body.map(|b| b.to_string().into_bytes());
        if body.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        let method = reqwest::Method::from_bytes(open.method.as_str().as_bytes())
            .unwrap_or(reqwest::Method::GET);
        OutboundCall {
            request: OutboundRequest {
                method,
                url: resolved.url,
                headers,
                body,
                body_secret: open.body_secret,
            },
            limits: Limits::integration(
                u64::try_from(open.row.timeout_seconds).unwrap_or(10),
                open.row.follow_redirects,
            ),
            own_demo: open.row.builtin_demo,
        }
    }

    /// Sends the request through the guarded client under the integration's limits (the
    /// built-in demo by the own-demo route, everything else by the outbound rules); any status
    /// is an answer.
    pub(crate) async fn exchange(
        self,
        state: &AppState,
    ) -> Result<OutboundResponse, OutboundError> {
        if self.own_demo {
            state
                .outbound
                .send_own_demo(self.request, self.limits)
                .await
        } else {
            state.outbound.send(self.request, self.limits).await
        }
    }

    pub(crate) fn hash(&self) -> [u8; 32] {
        let r = &self.request;
        request_hash(r.method.as_str(), &r.url, &r.headers, r.body.as_deref())
    }

    /// Sends the request; a 2xx answer with a readable body is [`Fetched`], to be kept fresh for
    /// `keep_for` and shown for `stale_for` more when later calls fail.
    pub(crate) async fn send(
        self,
        state: &AppState,
        keep_for: Duration,
        stale_for: Duration,
    ) -> Result<Fetched, CallError> {
        let started = Instant::now();
        let response = self.exchange(state).await?.error_for_status()?;
        let http_status = response.status;
        let size = response.body.len();
        let (data, content_type) = read_answer(response)?;
        Ok(Fetched {
            http_status,
            data,
            content_type,
            duration_ms: elapsed_ms(started),
            fetched_at: Utc::now(),
            keep_for,
            stale_for,
            size,
        })
    }
}

/// The answer's data: JSON when it says so (an invalid body is then an error), text otherwise;
/// without a content type, JSON if it parses.
pub(crate) fn read_answer(
    response: OutboundResponse,
) -> Result<(Value, Option<String>), CallError> {
    let says_json = response.content_type.as_deref().map(|ct| {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    });
    let parsed = || serde_json::from_slice::<Value>(&response.body);
    let data = match says_json {
        Some(true) => parsed()
            .map_err(|_| CallError::plain("The API's answer is not valid JSON".to_string()))?,
        None => parsed().unwrap_or_else(|_| {
            Value::String(String::from_utf8_lossy(&response.body).into_owned())
        }),
        Some(false) => Value::String(String::from_utf8_lossy(&response.body).into_owned()),
    };
    Ok((data, response.content_type))
}

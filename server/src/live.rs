//! Live events over Server-Sent Events: what both doors (the browser's `/live/events`, the REST
//! API's `/api/v1/events`) share: where a client resumes from, and how stream items are written.
//!
//! A resume point comes from `Last-Event-ID` (what `EventSource` sends when it reconnects) or,
//! for a client opening a new `EventSource` after going offline, from `?last_event_id=`. Each
//! event is `id:` (its log id), `event:` (its type) and `data:` (`{id, type, timestamp,
//! data}`); `event: reset` says events were missed and the client should reload what it shows;
//! idle streams get a `: keep-alive` comment.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use backend::events::stream::StreamItem;
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;

/// Where to resume, for clients that cannot send `Last-Event-ID`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ResumeQuery {
    /// Replay the events after this id (`Last-Event-ID` wins when both are sent).
    pub last_event_id: Option<String>,
}

/// The `event:` name (and `data.type`) of a reset.
pub const RESET: &str = model::live::RESET;

/// Whether events carry an `event:` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventNames {
    /// `event: message.created`…: what API consumers subscribe to by name.
    Named,
    /// Every event is a plain `message` (the type is in `data`): one listener in the browser
    /// receives them all, whatever types a newer server adds.
    InDataOnly,
}

/// The id to resume after: `Last-Event-ID`, else `query` (`?last_event_id=`); `Err` names a
/// value that is not an event id.
pub fn resume_point(headers: &HeaderMap, query: Option<&str>) -> Result<Option<i64>, String> {
    let text = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(query)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match text {
        None => Ok(None),
        Some(t) => t
            .parse::<i64>()
            .ok()
            .filter(|id| *id >= 0)
            .map(Some)
            .ok_or_else(|| format!("`{t}` is not an event id.")),
    }
}

fn to_sse(item: StreamItem, names: EventNames) -> Event {
    let (event, name) = match item {
        StreamItem::Event(e) => (
            Event::default().id(e.id.to_string()).data(e.json.as_str()),
            e.event_type.clone(),
        ),
        StreamItem::Reset => (
            Event::default().data(format!("{{\"type\":\"{RESET}\"}}")),
            RESET.to_string(),
        ),
        StreamItem::KeepAlive => return Event::default().comment("keep-alive"),
    };
    match names {
        EventNames::Named => event.event(name),
        EventNames::InDataOnly => event,
    }
}

/// How long a browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The response carrying `stream`: never cached or buffered by a proxy.
pub fn sse_response(
    stream: impl Stream<Item = StreamItem> + Send + 'static,
    names: EventNames,
) -> Response {
    let events = stream.map(move |item| Ok::<_, Infallible>(to_sse(item, names)));
    // The first bytes go out at once, so the client knows it is connected.
    let opened = futures_util::stream::once(async {
        Ok::<_, Infallible>(Event::default().retry(RECONNECT_AFTER).comment("connected"))
    });
    let mut response = Sse::new(opened.chain(events)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_wins_over_the_query_and_bad_ids_are_refused() {
        let mut headers = HeaderMap::new();
        assert_eq!(resume_point(&headers, None), Ok(None));
        assert_eq!(resume_point(&headers, Some("12")), Ok(Some(12)));
        headers.insert("last-event-id", HeaderValue::from_static("40"));
        assert_eq!(resume_point(&headers, Some("12")), Ok(Some(40)));
        headers.insert("last-event-id", HeaderValue::from_static("-1"));
        assert!(resume_point(&headers, None).is_err());
        headers.insert("last-event-id", HeaderValue::from_static("abc"));
        assert!(resume_point(&headers, None).is_err());
    }
}

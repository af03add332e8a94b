//! The profile sheet's live feed of a run: newline-delimited JSON events (what will arrive, then
//! each result as it finishes). Lines are split on the receiving side whatever the transport's
//! chunking, so a result split across two chunks, or two results in one, read the same.

use super::view::IntegrationResult;
use serde::{Deserialize, Serialize};

/// One integration a run will deliver a result for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedCard {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// Display position.
    pub position: u32,
    /// The loading skeleton's shape: placeholder lines per block of its template (`0` a
    /// separator); see `template::outline`.
    #[serde(default)]
    pub outline: Vec<u8>,
}

/// One event of a run's feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum RunEvent {
    /// Sent first: every card that will get a result, in display order.
    Planned(Vec<PlannedCard>),
    /// One integration finished (boxed: a result is much larger than the other events).
    Result(Box<IntegrationResult>),
    /// The run could not start (unknown contact, ...): a safe message.
    Failed(String),
}

impl RunEvent {
    /// The event as one line of the feed.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"event":"failed","data":"The result could not be encoded."}"#.to_string()
        });
        line.push('\n');
        line
    }
}

/// Collects chunks of a feed and hands out complete events.
#[derive(Debug, Default)]
pub struct FeedReader {
    pending: String,
}

impl FeedReader {
    /// A reader with nothing pending.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `chunk` and returns every event completed by it, in order. A line that is not an event
    /// is skipped.
    pub fn push(&mut self, chunk: &str) -> Vec<RunEvent> {
        self.pending.push_str(chunk);
        let mut events = Vec::new();
        while let Some(end) = self.pending.find('\n') {
            let line: String = self.pending.drain(..=end).collect();
            if let Ok(event) = serde_json::from_str::<RunEvent>(line.trim()) {
                events.push(event);
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integration::view::RunStatus;
    use proptest::prelude::*;

    fn result(id: i64) -> IntegrationResult {
        IntegrationResult {
            integration_id: id,
            name: format!("Integration {id} \n with a newline"),
            position: 0,
            status: RunStatus::Ok,
            http_status: Some(200),
            data: Some(serde_json::json!({"text": "line one\nline two"})),
            content_type: Some("application/json".into()),
            error: None,
            duration_ms: 12,
            fetched_at: None,
            from_cache: false,
            served_at: None,
            stale: None,
            failure: None,
            retry_after_secs: None,
            revalidating: false,
            template: None,
        }
    }

    fn feed() -> (String, Vec<RunEvent>) {
        let events = vec![
            RunEvent::Planned(vec![PlannedCard {
                integration_id: 1,
                name: "CRM".into(),
                position: 0,
                outline: vec![5, 0, 3],
            }]),
            RunEvent::Result(Box::new(result(1))),
            RunEvent::Result(Box::new(result(2))),
            RunEvent::Failed("done".into()),
        ];
        (events.iter().map(RunEvent::to_line).collect(), events)
    }

    proptest! {
        #[test]
        fn any_chunking_of_a_feed_reads_the_same_events(cuts in proptest::collection::vec(0usize..400, 0..8)) {
            let (text, events) = feed();
            let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
            bounds.push(0);
            bounds.push(text.len());
            bounds.sort_unstable();
            let mut reader = FeedReader::new();
            let mut read = Vec::new();
            for pair in bounds.windows(2) {
                // Cut on character boundaries only, as a UTF-8 decoder would hand them over.
                let (a, b) = (pair[0], pair[1]);
                if text.is_char_boundary(a) && text.is_char_boundary(b) {
                    read.extend(reader.push(&text[a..b]));
                } else {
                    prop_assume!(false);
                }
            }
            prop_assert_eq!(read, events);
        }
    }

    #[test]
    fn a_line_that_is_not_an_event_is_skipped() {
        let mut reader = FeedReader::new();
        let line = RunEvent::Failed("x".into()).to_line();
        let events = reader.push(&format!("garbage\n{line}"));
        assert_eq!(events, vec![RunEvent::Failed("x".into())]);
    }
}

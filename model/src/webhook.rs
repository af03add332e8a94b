//! Outgoing webhooks: the events a team can subscribe to, the form an admin fills in (and its
//! rules), what the API and the settings page show, and the retry schedule.

pub mod chatlio;
pub mod transcript;

use crate::validation::{FieldErrors, ValidationError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Longest description.
pub const DESCRIPTION_MAX: usize = 500;
/// Longest URL.
pub const URL_MAX: usize = 2000;

template::string_enum!(
    /// An event a webhook can subscribe to, in the order the settings page lists them; the
    /// string is its name on the wire (`conversation.closed`).
    pub enum EventType {
        /// A conversation was started.
        ConversationCreated => "conversation.created",
        /// A conversation's status changed (to any status).
        ConversationStatusChanged => "conversation.status_changed",
        /// A conversation was closed.
        ConversationClosed => "conversation.closed",
        /// A conversation's assignee, read state or tags changed.
        ConversationUpdated => "conversation.updated",
        /// A message was added to a conversation.
        MessageCreated => "message.created",
        /// A contact was created.
        ContactCreated => "contact.created",
        /// A contact was changed.
        ContactUpdated => "contact.updated",
        /// A conversation's transcript (sent when it closes, or on demand).
        ConversationTranscript => "conversation.transcript",
        /// An integration became degraded (its circuit breaker opened) or recovered.
        IntegrationHealthChanged => "integration.health_changed",
    }
);

template::string_enum!(
    /// The shape of what a webhook receives.
    pub enum PayloadFormat {
        /// `{"type", "timestamp", "data"}` for every event (the default).
        Chatlane => "chatlane",
        /// Chatlio's transcript JSON, field for field, for receivers written for Chatlio:
        /// transcripts only.
        Chatlio => "chatlio",
    }
);

impl PayloadFormat {
    /// What the settings page calls it.
    pub fn label(self) -> &'static str {
        match self {
            PayloadFormat::Chatlane => "Chatlane (every event)",
            PayloadFormat::Chatlio => "Chatlio-compatible transcript",
        }
    }
}

/// A webhook's checked settings: what it subscribes to and in which shape it receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscribed events, without repeats.
    pub events: Vec<EventType>,
    /// The payload format.
    pub format: PayloadFormat,
}

/// What an admin sends to create or change a webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookInput {
    /// Where events are POSTed.
    pub url: String,
    /// A note for the admins.
    #[serde(default)]
    pub description: String,
    /// The subscribed event names.
    pub events: Vec<String>,
    /// Whether events are sent.
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Whether internal notes are sent too (in transcripts, conversation threads and as
    /// `message.created`); off unless an admin opts in, because a receiver cannot filter them.
    #[serde(default)]
    pub include_internal_notes: bool,
    /// `chatlane` (the default when empty) or `chatlio`.
    #[serde(default)]
    pub payload_format: String,
}

fn yes() -> bool {
    true
}

impl WebhookInput {
    /// Checks the form's rules (the URL's syntax here; its address when the server saves it),
    /// returning the subscription. Errors are keyed `url`, `description`, `events`,
    /// `payload_format`.
    pub fn validate(&self) -> Result<Subscription, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.url.trim().is_empty() {
            errors.add(ValidationError::new(
                "url",
                "Enter the URL to send events to.",
            ));
        } else {
            errors.check(crate::validation::http_url("url", &self.url, URL_MAX));
        }
        if self.description.chars().count() > DESCRIPTION_MAX {
            errors.add(ValidationError::new(
                "description",
                format!("At most {DESCRIPTION_MAX} characters."),
            ));
        }
        let mut events = Vec::new();
        for name in &self.events {
            match name.trim().parse::<EventType>().ok() {
                Some(e) if !events.contains(&e) => events.push(e),
                Some(_) => {}
                None => errors.add(ValidationError::new(
                    "events",
                    format!(
                        "Unknown event `{name}`. Events: {}.",
                        EventType::ALL
                            .iter()
                            .map(|e| e.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        if self.events.is_empty() {
            errors.add(ValidationError::new("events", "Choose at least one event."));
        }
        let format = match self.payload_format.trim() {
            "" => Some(PayloadFormat::Chatlane),
            name => errors.check(name.parse::<PayloadFormat>().map_err(|_| {
                ValidationError::new("payload_format", "Must be chatlane or chatlio.")
            })),
        };
        // Chatlio's receivers know one shape, the transcript's.
        if format == Some(PayloadFormat::Chatlio)
            && events
                .iter()
                .any(|e| *e != EventType::ConversationTranscript)
        {
            errors.add(ValidationError::new(
                "events",
                "The Chatlio format carries transcripts only: subscribe to conversation.transcript alone.",
            ));
        }
        let format = errors.finish(format)?;
        Ok(Subscription { events, format })
    }
}

/// A webhook as the API and the settings page show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookView {
    /// Its id.
    pub id: i64,
    /// Where events go.
    pub url: String,
    /// The admins' note.
    pub description: String,
    /// The subscribed events.
    pub events: Vec<String>,
    /// Whether events are sent.
    pub is_active: bool,
    /// Whether internal notes are sent too.
    pub include_internal_notes: bool,
    /// The shape of what it receives.
    pub payload_format: PayloadFormat,
    /// Why the server switched it off, if it did.
    pub disabled_reason: Option<String>,
    /// The last successful delivery.
    pub last_success_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// The signing secret: only in the answer that created or rotated it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A webhook as agents pick it for "Send to webhook": its id and a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookTarget {
    /// Its id.
    pub id: i64,
    /// Its description, or its URL's host when it has none.
    pub label: String,
}

template::string_enum!(
    /// A webhook delivery's state.
    pub enum DeliveryStatus {
        /// Waiting for its (next) attempt.
        Pending => "pending",
        /// A 2xx answered.
        Succeeded => "succeeded",
        /// Given up (attempts exhausted, or the webhook was switched off).
        Failed => "failed",
    }
);

/// One attempt in the delivery log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptView {
    /// When.
    pub attempted_at: DateTime<Utc>,
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// How long it took.
    pub duration_ms: i64,
    /// The start of the answer.
    pub response_excerpt: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// When the next attempt is due.
    pub next_retry_at: Option<DateTime<Utc>>,
}

/// A delivery with its attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    /// Its id.
    pub id: i64,
    /// The `webhook-id` header (the same on every attempt).
    pub message_id: String,
    /// The event.
    pub event: String,
    /// Its state.
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last answer's status.
    pub last_status: Option<u16>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// The attempts, newest first.
    pub attempts_log: Vec<AttemptView>,
}

/// The waits between attempts: after the first failure 5 s, then 5 min, 30 min, 2 h, 5 h, 10 h
/// and 10 h; after the eighth attempt the delivery is given up.
pub const RETRY_SCHEDULE: [i64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/// How long a webhook may fail without a single success before it is switched off.
pub const DISABLE_AFTER: Duration = Duration::days(5);

/// The wait before the next attempt after `attempts` failed ones, with `jitter` in `[-1, 1]`
/// spreading it by up to ±10 %; `None` when none is left. A receiver's `Retry-After` (429, 503)
/// replaces the schedule's wait when it is longer.
pub fn next_retry(attempts: u32, jitter: f64, retry_after: Option<Duration>) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    let base = *RETRY_SCHEDULE.get(index)?;
    let spread = (base as f64 * 0.1 * jitter.clamp(-1.0, 1.0)).round() as i64;
    let wait = Duration::seconds(base + spread);
    Some(match retry_after {
        Some(asked) if asked > wait => asked.min(Duration::hours(24)),
        _ => wait,
    })
}

/// A `Retry-After` value (delay-seconds, or an HTTP date) as a wait from `now`.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u32>() {
        return Some(Duration::seconds(i64::from(secs)));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).max(Duration::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(retry_after("120", now), Some(Duration::seconds(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::seconds(60))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::zero())
        );
        assert_eq!(retry_after("soon", now), None);
    }

    fn input(url: &str, events: &[&str]) -> WebhookInput {
        WebhookInput {
            url: url.into(),
            description: String::new(),
            events: events.iter().map(|e| e.to_string()).collect(),
            is_active: true,
            include_internal_notes: false,
            payload_format: String::new(),
        }
    }

    #[test]
    fn event_names_are_the_documented_ones() {
        for e in EventType::ALL {
            assert_eq!(serde_json::to_value(e).ok(), Some(e.as_str().into()));
            assert_eq!(e.as_str().parse::<EventType>(), Ok(*e));
        }
    }

    #[test]
    fn the_form_names_each_problem_by_field() {
        assert_eq!(
            input(
                "https://hooks.example.com/in",
                &["conversation.closed", "conversation.closed"]
            )
            .validate()
            .ok(),
            Some(Subscription {
                events: vec![EventType::ConversationClosed],
                format: PayloadFormat::Chatlane
            })
        );
        let errors = input("ftp://x", &["conversation.deleted"])
            .validate()
            .err()
            .unwrap_or_default();
        assert_eq!(errors.get("url"), Some("Enter an http:// or https:// URL."));
        assert!(
            errors
                .get("events")
                .is_some_and(|m| m.contains("conversation.deleted"))
        );
        let none = input("", &[]).validate().err().unwrap_or_default();
        assert!(none.get("url").is_some() && none.get("events").is_some());
    }

    #[test]
    fn the_chatlio_format_carries_transcripts_only() {
        let chatlio = |events: &[&str]| WebhookInput {
            payload_format: "chatlio".into(),
            ..input("https://hooks.example.com/in", events)
        };
        assert_eq!(
            chatlio(&["conversation.transcript"])
                .validate()
                .map(|s| s.format),
            Ok(PayloadFormat::Chatlio)
        );
        let mixed = chatlio(&["conversation.transcript", "message.created"])
            .validate()
            .err()
            .unwrap_or_default();
        assert!(
            mixed
                .get("events")
                .is_some_and(|m| m.contains("transcripts only"))
        );
        let unknown = WebhookInput {
            payload_format: "zapier".into(),
            ..input("https://hooks.example.com/in", &["conversation.transcript"])
        };
        assert_eq!(
            unknown
                .validate()
                .err()
                .unwrap_or_default()
                .get("payload_format"),
            Some("Must be chatlane or chatlio.")
        );
    }

    #[test]
    fn retries_follow_the_schedule_then_stop() {
        let waits: Vec<i64> = (1..=8)
            .filter_map(|n| next_retry(n, 0.0, None))
            .map(|d| d.num_seconds())
            .collect();
        assert_eq!(waits, RETRY_SCHEDULE);
        assert_eq!(next_retry(8, 0.0, None), None);
        assert_eq!(next_retry(0, 0.0, None), None);
        // Jitter stays within 10 %.
        assert_eq!(next_retry(2, 1.0, None).map(|d| d.num_seconds()), Some(330));
        assert_eq!(
            next_retry(2, -1.0, None).map(|d| d.num_seconds()),
            Some(270)
        );
        // Retry-After wins when it asks for longer (capped at a day), never when shorter.
        assert_eq!(
            next_retry(1, 0.0, Some(Duration::seconds(120))).map(|d| d.num_seconds()),
            Some(120)
        );
        assert_eq!(
            next_retry(2, 0.0, Some(Duration::seconds(1))).map(|d| d.num_seconds()),
            Some(300)
        );
        assert_eq!(
            next_retry(1, 0.0, Some(Duration::days(9))).map(|d| d.num_hours()),
            Some(24)
        );
    }
}

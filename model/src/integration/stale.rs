//! A card that shows an earlier answer because the API is not answering now: why the fresh call
//! failed, and the words the agent reads ("From 14 min ago — the CRM is not answering (503).").
//!
//! Invariant: only a call that failed because the other side is unavailable (a timeout, no
//! connection, a 5xx or a 429) is ever answered with an earlier answer; a call that can never
//! succeed as made (a 404, a blocked address, a bad header) shows its error.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

template::string_enum!(
    /// How the API failed to answer.
    pub enum Unavailability {
        /// It answered with a 5xx or a 429.
        Status => "status",
        /// It did not answer within the integration's timeout.
        TimedOut => "timed_out",
        /// It could not be reached (no connection, a name that does not resolve).
        Unreachable => "unreachable",
        /// It failed so often that its circuit breaker is open: not called until `retry_at`.
        BreakerOpen => "breaker_open",
        /// Its calls-per-minute budget is spent: not called until `retry_at`.
        OverBudget => "over_budget",
    }
);

template::string_enum!(
    /// Why a call gave no answer, for the words a failed card shows under its error.
    pub enum FailureKind {
        /// The API answered with an error status.
        Status => "status",
        /// It did not answer within the integration's timeout.
        TimedOut => "timed_out",
        /// It could not be reached.
        Unreachable => "unreachable",
        /// The outbound rules refused the address.
        Blocked => "blocked",
        /// Its circuit breaker is open: not called.
        BreakerOpen => "breaker_open",
        /// Its calls-per-minute budget is spent: not called.
        OverBudget => "over_budget",
        /// Anything else (a redirect, a bad header, an answer too large or unreadable).
        Other => "other",
    }
);

/// "30 s", "2 min", "3 h": how long until an API answers again.
pub fn wait_text(secs: u64) -> String {
    match secs {
        0..60 => format!("{} s", secs.max(1)),
        60..3600 => format!("{} min", secs.div_ceil(60)),
        _ => format!("{} h", secs.div_ceil(3600)),
    }
}

/// Why a card shows an earlier answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleAnswer {
    /// How the fresh call failed.
    pub because: Unavailability,
    /// Its status, when the API answered.
    pub http_status: Option<u16>,
    /// The fresh call's error, as the run log keeps it.
    pub error: String,
    /// With an open breaker: when a call will be tried again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<DateTime<Utc>>,
}

/// "The CRM is unavailable; trying again at 10:42 UTC." — what a card says instead of calling an
/// API whose breaker is open.
pub fn breaker_open_message(retry_at: DateTime<Utc>) -> String {
    format!(
        "The CRM is unavailable; trying again at {}.",
        retry_at.format("%H:%M UTC")
    )
}

impl StaleAnswer {
    /// What happened to the fresh call, for an agent.
    pub fn reason(&self) -> String {
        match (self.because, self.http_status) {
            (Unavailability::Status, Some(429)) => "the CRM is limiting requests (429)".to_string(),
            (Unavailability::Status, Some(status)) => {
                format!("the CRM is not answering ({status})")
            }
            (Unavailability::Status, None) => "the CRM is not answering".to_string(),
            (Unavailability::TimedOut, _) => "the CRM did not answer in time".to_string(),
            (Unavailability::Unreachable, _) => "the CRM cannot be reached".to_string(),
            (Unavailability::OverBudget, _) => {
                "Chatlane is pacing its calls to the CRM (its calls-a-minute budget)".to_string()
            }
            (Unavailability::BreakerOpen, _) => match self.retry_at {
                Some(at) => format!(
                    "the CRM is unavailable; trying again at {}",
                    at.format("%H:%M UTC")
                ),
                None => "the CRM is unavailable".to_string(),
            },
        }
    }

    /// The card's label: how old the answer is, and why it is shown.
    pub fn label(&self, fetched_at: DateTime<Utc>, served_at: DateTime<Utc>) -> String {
        format!("From {} — {}.", age(fetched_at, served_at), self.reason())
    }
}

/// "just now", "14 min ago", "3 h ago", "2 days ago".
pub fn age(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - at).num_minutes().max(0);
    match minutes {
        0 => "just now".to_string(),
        1..60 => format!("{minutes} min ago"),
        60..2880 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn stale(because: Unavailability, http_status: Option<u16>) -> StaleAnswer {
        StaleAnswer {
            because,
            http_status,
            error: String::new(),
            retry_at: None,
        }
    }

    #[test]
    fn the_label_says_how_old_the_answer_is_and_why_it_is_shown() {
        let now = Utc::now();
        let s = stale(Unavailability::Status, Some(503));
        assert_eq!(
            s.label(now - Duration::minutes(14), now),
            "From 14 min ago — the CRM is not answering (503)."
        );
        assert_eq!(
            stale(Unavailability::TimedOut, None).label(now - Duration::hours(3), now),
            "From 3 h ago — the CRM did not answer in time."
        );
        assert_eq!(
            stale(Unavailability::Status, Some(429)).reason(),
            "the CRM is limiting requests (429)"
        );
        assert_eq!(
            stale(Unavailability::Unreachable, None).label(now, now),
            "From just now — the CRM cannot be reached."
        );
        let at = DateTime::parse_from_rfc3339("2026-12-07T10:42:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or(now);
        let open = StaleAnswer {
            retry_at: Some(at),
            ..stale(Unavailability::BreakerOpen, None)
        };
        assert_eq!(
            open.label(at - Duration::minutes(5), at),
            "From 5 min ago — the CRM is unavailable; trying again at 10:42 UTC."
        );
        assert_eq!(
            breaker_open_message(at),
            "The CRM is unavailable; trying again at 10:42 UTC."
        );
    }

    #[test]
    fn waits_round_up_to_the_unit_an_agent_reads() {
        assert_eq!(wait_text(0), "1 s");
        assert_eq!(wait_text(30), "30 s");
        assert_eq!(wait_text(61), "2 min");
        assert_eq!(wait_text(7200), "2 h");
    }

    #[test]
    fn ages_read_in_the_largest_unit_that_fits() {
        let now = Utc::now();
        assert_eq!(age(now - Duration::seconds(30), now), "just now");
        assert_eq!(age(now - Duration::minutes(59), now), "59 min ago");
        assert_eq!(age(now - Duration::minutes(60), now), "1 h ago");
        assert_eq!(age(now - Duration::hours(47), now), "47 h ago");
        assert_eq!(age(now - Duration::hours(72), now), "3 days ago");
        assert_eq!(
            age(now + Duration::minutes(2), now),
            "just now",
            "clock skew"
        );
    }
}

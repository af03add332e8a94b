//! "Why is this card empty?": for one contact and conversation, the rule that decided what each
//! of the team's integrations shows on the sheet, in plain words. Pure: the server gathers the
//! facts ([`CardFacts`]), [`diagnose`] applies the rules in the order the runner does.

use super::stale::FailureKind;
use super::view::failure_explanation;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

template::string_enum!(
    /// The rule that decided what a card shows.
    pub enum CardRule {
        /// It has an answer to show.
        Shown => "shown",
        /// The integration is switched off.
        Inactive => "inactive",
        /// It is not attached to the conversation's inbox.
        NotAttached => "not_attached",
        /// It is attached to the inbox but turned off there.
        OffForInbox => "off_for_inbox",
        /// It is set not to show on the profile sheet.
        DisplayOff => "display_off",
        /// One of its run conditions does not hold.
        ConditionFalse => "condition_false",
        /// Its request cannot be built from its settings.
        CannotBuild => "cannot_build",
        /// A value its request needs is missing or invalid (an email, say): not called.
        MissingValue => "missing_value",
        /// Its circuit breaker is open: not called until it cools down.
        BreakerOpen => "breaker_open",
        /// The outbound rules refused its address.
        Blocked => "blocked",
        /// Its API failed.
        UpstreamError => "upstream_error",
        /// Its API answered, with nothing in it.
        CachedEmpty => "cached_empty",
        /// It has not run for this contact yet.
        NotRunYet => "not_run_yet",
    }
);

impl CardRule {
    /// The card has data to show.
    pub fn shows_data(self) -> bool {
        match self {
            CardRule::Shown => true,
            CardRule::Inactive
            | CardRule::NotAttached
            | CardRule::OffForInbox
            | CardRule::DisplayOff
            | CardRule::ConditionFalse
            | CardRule::CannotBuild
            | CardRule::MissingValue
            | CardRule::BreakerOpen
            | CardRule::Blocked
            | CardRule::UpstreamError
            | CardRule::CachedEmpty
            | CardRule::NotRunYet => false,
        }
    }
}

/// What decided one integration's card, for the admin's panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardDiagnosis {
    /// The integration.
    pub integration_id: i64,
    /// Its name.
    pub name: String,
    /// The rule.
    pub rule: CardRule,
    /// The rule in plain words.
    pub words: String,
}

/// An answer kept for this card's exact request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAnswer {
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
    /// It has nothing in it (`null`, `{}`, `[]`, `""`).
    pub empty: bool,
}

/// How the integration last ran for this contact (from the run log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastRun {
    /// When.
    pub at: DateTime<Utc>,
    /// It answered.
    pub ok: bool,
    /// How it failed, when it did.
    pub failure: Option<FailureKind>,
    /// The API's status.
    pub http_status: Option<u16>,
    /// What went wrong, in words.
    pub error: Option<String>,
}

/// What the server knows about one integration for this contact and conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFacts {
    /// Switched on.
    pub is_active: bool,
    /// The conversation's inbox, by name; none without a conversation (then any inbox counts).
    pub inbox: Option<String>,
    /// Attached to that inbox (to any inbox, without one): `Some(on)`, or `None`.
    pub attached: Option<bool>,
    /// Shown on the profile sheet.
    pub display_enabled: bool,
    /// The first run condition that does not hold, in words.
    pub failed_condition: Option<String>,
    /// Its request for this contact: `Ok(None)` built, `Ok(Some(why))` skipped for a missing
    /// value, `Err(why)` it cannot be built.
    pub request: Result<Option<String>, String>,
    /// The breaker is open until then.
    pub breaker_open_until: Option<DateTime<Utc>>,
    /// An answer kept for this request.
    pub kept: Option<KeptAnswer>,
    /// When the last good answer the card falls back to was fetched (within the stale limit).
    pub last_good: Option<DateTime<Utc>>,
    /// The last run for this contact.
    pub last_run: Option<LastRun>,
}

fn hh_mm(at: DateTime<Utc>) -> String {
    at.format("%H:%M UTC").to_string()
}

/// The rule that decides the card, and its words (the first rule that applies, in the order
/// the runner applies them).
pub fn diagnose(f: &CardFacts) -> (CardRule, String) {
    let inbox = |name: &Option<String>| match name {
        Some(n) => format!("the {n} inbox"),
        None => "any inbox".to_string(),
    };
    if !f.is_active {
        return (
            CardRule::Inactive,
            "Switched off: an admin turns it on in the integration's settings.".into(),
        );
    }
    match f.attached {
        None => {
            return (
                CardRule::NotAttached,
                format!("Not attached to {}.", inbox(&f.inbox)),
            );
        }
        Some(false) => {
            return (
                CardRule::OffForInbox,
                format!("Attached to {}, but turned off there.", inbox(&f.inbox)),
            );
        }
        Some(true) => {}
    }
    if !f.display_enabled {
        return (
            CardRule::DisplayOff,
            "Set not to show on the profile sheet.".into(),
        );
    }
    if let Some(condition) = &f.failed_condition {
        return (
            CardRule::ConditionFalse,
            format!("Not run: it runs only when {condition}."),
        );
    }
    match &f.request {
        Err(why) => {
            return (
                CardRule::CannotBuild,
                format!("Its request cannot be built: {why}"),
            );
        }
        Ok(Some(why)) => {
            return (CardRule::MissingValue, format!("Not called: {why}"));
        }
        Ok(None) => {}
    }
    if let Some(kept) = &f.kept {
        return if kept.empty {
            (
                CardRule::CachedEmpty,
                format!(
                    "The API answered at {} with nothing in it; that answer is kept for the cache time.",
                    hh_mm(kept.fetched_at)
                ),
            )
        } else {
            (
                CardRule::Shown,
                format!("Shown: an answer from {}.", hh_mm(kept.fetched_at)),
            )
        };
    }
    let fallback = |mut words: String| {
        if let Some(at) = f.last_good {
            words.push_str(&format!(
                " The card shows the last good answer, from {}.",
                hh_mm(at)
            ));
        }
        words
    };
    if let Some(until) = f.breaker_open_until {
        return (
            CardRule::BreakerOpen,
            fallback(format!(
                "Not called: its API failed too often in a row, so Chatlane waits until {} before trying again.",
                hh_mm(until)
            )),
        );
    }
    match &f.last_run {
        None => (
            CardRule::NotRunYet,
            "Not run for this contact yet: it runs when the profile sheet opens.".into(),
        ),
        Some(run) if run.ok => (
            CardRule::Shown,
            format!("Shown: the last call at {} answered.", hh_mm(run.at)),
        ),
        Some(run) => {
            let rule = match run.failure {
                Some(FailureKind::Blocked) => CardRule::Blocked,
                Some(
                    FailureKind::Status
                    | FailureKind::TimedOut
                    | FailureKind::Unreachable
                    | FailureKind::BreakerOpen
                    | FailureKind::OverBudget
                    | FailureKind::Other,
                )
                | None => CardRule::UpstreamError,
            };
            let mut words = format!(
                "The last call at {} failed: {}",
                hh_mm(run.at),
                run.error.as_deref().unwrap_or("no reason was given.")
            );
            if let Some(hint) = failure_explanation(run.failure, run.http_status, None) {
                words.push(' ');
                words.push_str(&hint);
            }
            (rule, fallback(words))
        }
    }
}

/// Whether an answer's data has nothing in it.
pub fn is_empty_answer(data: &serde_json::Value) -> bool {
    match data {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests;

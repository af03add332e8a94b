//! `/api/v1/events`: the team's live event stream for API consumers.

pub mod stream;

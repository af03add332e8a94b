//! Helpers that migrations share, frozen once a released migration calls them (see each module).

pub(crate) mod team_generation;

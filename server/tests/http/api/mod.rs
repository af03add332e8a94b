//! REST API tests, laid out by route and verb.

pub(crate) mod v1;

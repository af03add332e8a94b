//! REST API tests, laid out by route and verb.

mod v1;

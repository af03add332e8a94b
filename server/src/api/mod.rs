//! REST API v1 (`/api/v1`): its error format. The endpoints arrive with the REST issue; until then
//! every path answers in the documented error shape.

pub mod errors;

//! Pages the server renders itself (not Leptos): the REST API reference. Their utility classes
//! are included in the generated stylesheet (see `build.rs`).

pub mod api_reference;

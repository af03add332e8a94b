//! Display templates for integration data, shared by the server (rendering, validation on save)
//! and the browser (the builder's live preview, the agent's cards). No Leptos here: the output is
//! a typed render tree ([`render::Rendered`]) that the app turns into views and [`html`] into
//! escaped HTML.

pub mod auto;
pub mod condition;
pub mod edit;
pub mod format;
pub mod html;
pub mod outline;
pub mod path;
pub mod placeholders;
pub mod presets;
pub mod render;
pub mod spec;
pub mod url;
pub mod validate;
pub mod vocabulary;

#[cfg(test)]
mod tests;

pub use render::{RenderContext, Rendered, render, render_result};
pub use spec::{Section, SectionBody, SectionKind, Template};
pub use validate::validate;

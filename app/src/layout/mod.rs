//! The signed-in layout (sidebar + page) and the shared bits every page uses.

mod app_layout;
mod sidebar;
mod widgets;

pub use app_layout::*;
pub use sidebar::*;
pub use widgets::*;

//! The signed-in layout (sidebar + page) and the shared bits every page uses.

mod app_layout;
mod kit;
mod leave_guard;
mod sidebar;
mod widgets;

pub use app_layout::*;
pub use kit::*;
pub use leave_guard::*;
pub use sidebar::*;
pub use widgets::*;

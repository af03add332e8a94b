//! The agent inbox: the conversation list, the thread with its composer, and the profile sheet.

mod composer;
mod conversation_list;
mod conversation_view;
mod inbox_page;
mod send_to_webhook;
mod urls;
mod visitor_details;

pub use composer::*;
pub use conversation_list::*;
pub use conversation_view::*;
pub use inbox_page::*;
pub use send_to_webhook::*;
pub use urls::*;
pub use visitor_details::*;

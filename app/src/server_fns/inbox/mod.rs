//! The agent inbox: inboxes, conversation lists, threads, replies, status and tags.

mod add_tag;
mod get_conversation;
mod list_conversations;
mod list_inboxes;
mod mark_conversation_read;
mod remove_tag;
mod send_reply;
mod set_status;

pub use add_tag::*;
pub use get_conversation::*;
pub use list_conversations::*;
pub use list_inboxes::*;
pub use mark_conversation_read::*;
pub use remove_tag::*;
pub use send_reply::*;
pub use set_status::*;

//! Replies from calendar programs (iMIP): invitations name `rsvp+<token>@…` as their
//! organizer when `TREFFPUNKT_REPLY_MAILBOX` and `TREFFPUNKT_REPLY_ADDRESS` are set, and a
//! reader beside the mail worker takes each message from that mailbox and records what it
//! says.

mod address;
mod apply;
mod forward;
mod imip;
mod mailbox;
mod reader;

pub use address::ReplyAddresses;
pub use reader::ReplyReader;

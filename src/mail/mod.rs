//! Mail: calendar invitations (iTIP over iMIP) built from meetings, and the worker that sends
//! them from the outbox.
//!
//! `calendar` and `message` build the parts, `templates` and `compose` turn the facts of one
//! mail into a message, `queries` loads those facts, `transport` sends, `worker` runs it all.

pub mod calendar;
pub mod compose;
pub mod facts;
pub mod message;
pub mod queries;
pub mod reminders;
pub mod runner;
mod smtp;
pub mod templates;
pub mod transport;
pub mod wakeup;
pub mod worker;

pub use compose::{Composer, Contact, Letter, MailFacts, MeetingFacts, Recipient};
pub use runner::RunningWorker;
pub use templates::MailTemplates;
pub use transport::{SendError, Transport};
pub use worker::MailWorker;

//! Mail: calendar invitations (iTIP over iMIP) built from meetings, and the worker that sends
//! them from the outbox.
//!
//! `prepare` turns an outbox job into the `facts` of one mail (reading the rows through
//! `queries`); `compose` makes the message from them with `templates`, `calendar` and
//! `message`; `transport` (with `smtp`) sends; `worker` runs it all and `runner` starts and
//! stops the worker. Mail writes only outbox jobs, never a meeting or participant.

mod by_organisation;
mod calendar;
mod compose;
mod facts;
mod failed;
mod message;
mod prepare;
mod queries;
mod replies;
mod runner;
mod send_error;
mod smtp;
mod templates;
mod transport;
mod worker;

pub use by_organisation::{counts_of_every_state, job_of_organisation};
pub use compose::{Composer, last_change};
pub use facts::{Contact, Letter, MailFacts, MeetingFacts, Recipient, meeting_facts};
pub use failed::{FailedMail, failed_mails};
pub use runner::RunningWorker;
pub use send_error::SendError;
pub use templates::MailTemplates;
pub use transport::Transport;
pub use worker::MailWorker;

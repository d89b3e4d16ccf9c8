//! Date polls: proposed times, each person's yes / if need be / no, the best times, and the
//! meeting the chosen one becomes.
//!
//! Every change is one transaction that also queues the mails it causes in the outbox. People
//! answer only through their personal link (`/p/<token>`) or, as guests, the poll's public link.

mod choice;
mod links;
mod mail_jobs;
mod model;
mod plan;
mod privacy;
mod queries;
mod reminders;
mod results;
mod retention;
mod service;

pub use choice::Choice;
pub use links::{POLL_PATH, PollLinks, poll_token_hash};
pub use mail_jobs::{PollLetter, PollMail};
pub use model::{Poll, PollAnswer, PollParticipant, Proposal};
pub use plan::{
    DEFAULT_REMINDER_HOURS, GUESTS_PER_ADDRESS_PER_HOUR, MAX_PROPOSALS, MAX_REMINDER_HOURS,
    MIN_PROPOSALS, PollPlan, check_deadline, check_proposals, parse_reminder_hours,
};
pub use privacy::{
    anonymise_poll_entries, delete_polls_organised, poll_entries_export, poll_entry_ids,
    polls_organised_export,
};
pub use reminders::queue_due_poll_reminders;
pub use results::{Counts, PollDetail, Results};
pub use retention::{delete_expired_polls, expired_polls};
pub use service::{
    Guest, PollMailFacts, PollVisitor, answer, answer_as_guest, close_poll, create_poll,
    list_polls, mail_facts, poll_detail, poll_for_organizer, poll_for_user, visitor,
};

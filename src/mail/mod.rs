//! Mail: calendar invitations (iTIP over iMIP) built from meetings.
//!
//! So far the calendar part (`calendar`); the worker that renders and sends outbox jobs, the
//! templates and the transports come next (see the mail issue).

pub mod calendar;
pub mod message;

//! The rows of a date poll as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{poll_answers, poll_participants, poll_proposals, polls};

/// A date poll: which of several proposed times suits the people asked.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = polls)]
pub struct Poll {
    /// UUIDv7.
    pub id: String,
    pub organizer_id: String,
    pub title: String,
    pub description: String,
    /// The IANA zone the times were proposed in.
    pub time_zone: String,
    /// Whether the public link takes answers from guests.
    pub public_link: bool,
    /// SHA-256 of the public link's secret (derived, shown again on demand).
    pub public_token_hash: String,
    /// Whether participants see who answered what (the organizer always does).
    pub show_answers: bool,
    /// After this, answers are still taken until the organizer closes; it drives the reminder.
    pub deadline: Option<NaiveDateTime>,
    /// Hours before the deadline the reminder goes; `None`: no reminder.
    pub reminder_hours: Option<i32>,
    /// When the reminder was queued (it goes once).
    pub reminded_at: Option<NaiveDateTime>,
    /// Closed polls take no answers and stay readable.
    pub closed_at: Option<NaiveDateTime>,
    /// The proposal chosen at closing; `None` when closed without a date.
    pub chosen_proposal_id: Option<String>,
    /// The meeting made of the chosen proposal.
    pub meeting_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Poll {
    /// Whether answers are still taken.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// One proposed time, in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = poll_proposals)]
pub struct Proposal {
    pub id: String,
    pub poll_id: String,
    /// The organizer's order (by time when made through the API or the form).
    pub position: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// Someone asked by address, or a guest who answered through the public link.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = poll_participants)]
pub struct PollParticipant {
    pub id: String,
    pub poll_id: String,
    /// Lower-cased; `None` for a guest who gave none.
    pub email: Option<String>,
    pub display_name: Option<String>,
    /// The language of their mails and pages.
    pub locale: String,
    /// Their account, when the address is one's verified address.
    pub user_id: Option<String>,
    /// Came through the public link.
    pub guest: bool,
    /// SHA-256 of their personal link's secret.
    pub token_hash: String,
    /// When they last answered; `None`: not yet (the reminder goes to them).
    pub answered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl PollParticipant {
    /// How pages and exports name them: their name, else their address.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.email.as_deref())
            .unwrap_or("?")
    }
}

/// One person's answer to one proposal.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = poll_answers)]
pub struct PollAnswer {
    pub participant_id: String,
    pub proposal_id: String,
    /// `yes`, `maybe` or `no` (`Choice::as_str`).
    pub answer: String,
}

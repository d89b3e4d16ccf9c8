//! Meetings and participants as stored.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{meetings, participants};
use crate::domain::{Locale, Role, TimeZone};

/// A planned conference.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    /// Random UUID; appears in URLs.
    pub id: String,
    /// The account that planned it.
    pub organizer_id: String,
    /// The Jitsi server it runs on; `None` until servers are configured.
    pub jitsi_server_id: Option<String>,
    /// What it is called.
    pub title: String,
    /// Plain-text agenda.
    pub description: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// IANA zone it was planned in.
    pub time_zone: String,
    /// The Jitsi room name (random).
    pub room_name: String,
    /// Whether participants wait in a lobby until a moderator admits them.
    pub lobby_enabled: bool,
    /// How many minutes before the start participants may join.
    pub join_minutes_before: i32,
    /// Raised by every change someone's calendar must hear about: the highest iCalendar
    /// SEQUENCE sent for the meeting (each person's own is `Participant::sequence`).
    pub revision: i32,
    /// When it was cancelled; cancelled meetings stay, so calendars can be told.
    pub cancelled_at: Option<NaiveDateTime>,
    /// When it was planned (UTC).
    pub created_at: NaiveDateTime,
    /// When it last changed (UTC).
    pub updated_at: NaiveDateTime,
}

impl Meeting {
    /// Whether the meeting was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }

    /// The zone it was planned in (a stored name we no longer know falls back to the default).
    pub fn zone(&self) -> TimeZone {
        TimeZone::parse(&self.time_zone).unwrap_or_default()
    }

    /// Start as an instant.
    pub fn starts_at_utc(&self) -> DateTime<Utc> {
        self.starts_at.and_utc()
    }

    /// End as an instant.
    pub fn ends_at_utc(&self) -> DateTime<Utc> {
        self.ends_at.and_utc()
    }

    /// Length in whole minutes.
    pub fn duration_minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes()
    }
}

/// Someone invited to a meeting, or its organizer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participants)]
pub struct Participant {
    /// Random UUID.
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// Lower-cased address invitations go to.
    pub email: String,
    /// Name for the invitation and the room, if known.
    pub display_name: Option<String>,
    #[diesel(deserialize_as = String)]
    pub role: Role,
    /// Language of their mails.
    pub locale: String,
    /// Their account, if they have one.
    pub user_id: Option<String>,
    /// Whether this is the organizer's own row.
    pub is_organizer: bool,
    /// Raised to replace the join link.
    pub link_version: i32,
    /// When they were invited (UTC).
    pub created_at: NaiveDateTime,
    /// When their entry last changed (UTC).
    pub updated_at: NaiveDateTime,
    /// The iCalendar SEQUENCE of their calendar entry: raised for changes that concern them.
    pub sequence: i32,
    /// The start time they were reminded of (or skipped for, invited too late to need one).
    pub reminded_for: Option<NaiveDateTime>,
}

impl Participant {
    /// The language of their mails.
    pub fn locale(&self) -> Locale {
        Locale::from_tag(&self.locale).unwrap_or_default()
    }
}

/// A participant row to insert, with the hash of its join token.
#[derive(Debug, Insertable)]
#[diesel(table_name = participants)]
pub(super) struct NewParticipantRow {
    pub id: String,
    pub meeting_id: String,
    pub email: String,
    pub display_name: Option<String>,
    #[diesel(serialize_as = String)]
    pub role: Role,
    pub locale: &'static str,
    pub user_id: Option<String>,
    pub is_organizer: bool,
    pub link_version: i32,
    pub join_token_hash: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sequence: i32,
    /// The meeting's start and end, copied so agendas can be read in time order per account.
    pub meeting_starts_at: NaiveDateTime,
    pub meeting_ends_at: NaiveDateTime,
}

impl NewParticipantRow {
    /// The row as it reads back.
    pub fn to_participant(&self) -> Participant {
        Participant {
            id: self.id.clone(),
            meeting_id: self.meeting_id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            locale: self.locale.to_owned(),
            user_id: self.user_id.clone(),
            is_organizer: self.is_organizer,
            link_version: self.link_version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            sequence: self.sequence,
            reminded_for: None,
        }
    }
}

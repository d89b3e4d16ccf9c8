//! Meetings and participants as stored.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{counter_proposals, meeting_exceptions, meetings, participants, responses};
use crate::domain::{Locale, PartStat, Role, Series, TimeZone};

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
    /// For a series: its RRULE value (our normal form, `UNTIL` in UTC); `starts_at` and
    /// `ends_at` are then the first meeting's.
    pub recurrence: Option<String>,
    /// Nine random digits callers type to reach its room by phone (see `conference`); `None`
    /// for meetings planned before PINs existed until they get one.
    pub dial_in_pin: Option<String>,
    /// Room settings beyond the server's defaults (`jitsi::RoomSettings` as JSON, `{}`: none).
    pub room_settings: String,
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

    /// The series it is, if it repeats.
    pub fn series(&self) -> Option<Series> {
        let rrule = self.recurrence.as_deref()?;
        Series::stored(
            rrule,
            self.zone(),
            self.starts_at_utc(),
            self.ends_at - self.starts_at,
        )
    }

    /// Until when it is on people's agendas: its end, or for a series the end of its last
    /// meeting (a far date for a series without end). Participant rows keep a copy.
    pub fn agenda_end(&self) -> NaiveDateTime {
        match self.series() {
            None => self.ends_at,
            Some(series) => series
                .last_end()
                .map_or(SERIES_WITHOUT_END, |end| end.naive_utc()),
        }
    }
}

/// The agenda end of a series without end: later than any horizon, storable everywhere.
pub const SERIES_WITHOUT_END: NaiveDateTime = NaiveDateTime::new(
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date"),
    chrono::NaiveTime::MIN,
);

/// One occurrence of a series that differs from its rule: cancelled alone, or moved, retitled
/// or described anew alone.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = meeting_exceptions, treat_none_as_null = true)]
pub struct MeetingException {
    pub meeting_id: String,
    /// The occurrence's original start (UTC): its RECURRENCE-ID.
    pub recurrence_id: NaiveDateTime,
    /// When it was cancelled alone.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Its own start and end when moved.
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    /// Its own title and description.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The SEQUENCE of its own calendar component.
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An invitee's answer, for the whole meeting (or series) or one date of a series.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = responses, treat_none_as_null = true)]
pub struct Response {
    pub participant_id: String,
    /// `""` for the whole meeting or series; one date's recurrence id (`20270105T090000Z`).
    pub recurrence_id: String,
    /// `ACCEPTED`, `TENTATIVE` or `DECLINED` (`PartStat::as_str`).
    pub partstat: String,
    pub comment: Option<String>,
    pub answered_at: NaiveDateTime,
    /// `web`, `calendar` or `poll` (`Via::as_str`).
    pub via: String,
    /// The SEQUENCE answered.
    pub sequence: i32,
}

impl Response {
    /// The answer. The column's CHECK admits only the three, so another value is a damaged row;
    /// it reads as "maybe" rather than failing the whole page.
    pub fn partstat(&self) -> PartStat {
        PartStat::parse(&self.partstat).unwrap_or(PartStat::Tentative)
    }

    /// The date it is about, for one date of a series.
    pub fn date(&self) -> Option<&str> {
        (!self.recurrence_id.is_empty()).then_some(self.recurrence_id.as_str())
    }
}

/// Another time an invitee's calendar proposed (iMIP COUNTER); never applied.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = counter_proposals)]
pub struct CounterProposal {
    pub id: String,
    pub participant_id: String,
    /// `""` for the meeting or series; one date's recurrence id.
    pub recurrence_id: String,
    /// The proposed start and end (UTC), when the proposal names them.
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub comment: Option<String>,
    /// The message it came in (a message read twice counts once).
    pub message_id: String,
    pub received_at: NaiveDateTime,
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The reply page behind an invitation's link, or the API.
    Web,
    /// A calendar program's iMIP REPLY.
    Calendar,
    /// The date poll the meeting was made from: "no" to the chosen time (probably absent).
    Poll,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Web => "web",
            Via::Calendar => "calendar",
            Via::Poll => "poll",
        }
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
    /// Whether the meeting is a series (agendas find series by their last end).
    pub in_series: bool,
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

//! What joining reads of a participant and a meeting: only the columns a join needs, since
//! the look-up runs on every press of "join".

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{meetings, participants};
use crate::domain::{Role, Series, TimeZone};
use crate::meetings::Dated;

/// The owner of a join link.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participants)]
pub struct JoinParticipant {
    /// Random UUID; the token's `context.user.id`.
    pub id: String,
    pub email: String,
    /// Their name from the invitation, if known.
    pub display_name: Option<String>,
    #[diesel(deserialize_as = String)]
    pub role: Role,
    /// Their account, if they have one (their own time zone then applies).
    pub user_id: Option<String>,
    /// The organizer's own entry (nothing to answer).
    pub is_organizer: bool,
}

/// The meeting a join link leads to; its description stays in the table.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct JoinMeeting {
    pub id: String,
    pub organizer_id: String,
    pub title: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// The IANA zone it was planned in.
    pub time_zone: String,
    /// The Jitsi room.
    pub room_name: String,
    pub lobby_enabled: bool,
    /// Minutes before the start participants may enter.
    pub join_minutes_before: i32,
    pub cancelled_at: Option<NaiveDateTime>,
    /// For a series: its RRULE. A join then reads the current or next date's time and title
    /// into `starts_at`, `ends_at` and `title` (see `admission`).
    pub recurrence: Option<String>,
    /// Its dial-in PIN.
    pub dial_in_pin: Option<String>,
    /// Its room settings (`jitsi::RoomSettings`, stored as JSON).
    pub room_settings: String,
}

impl Dated for JoinMeeting {
    fn series(&self) -> Option<Series> {
        let rrule = self.recurrence.as_deref()?;
        Series::stored(
            rrule,
            self.zone(),
            self.starts_at.and_utc(),
            self.ends_at - self.starts_at,
        )
    }

    fn first(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.starts_at.and_utc(), self.ends_at.and_utc())
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

impl JoinMeeting {
    /// The zone it was planned in (an unknown stored name falls back to the default).
    pub fn zone(&self) -> TimeZone {
        TimeZone::parse(&self.time_zone).unwrap_or_default()
    }
}

/// Where someone stands in a waiting room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LobbyState {
    /// Asked to be let in; nobody has decided yet.
    Waiting,
    /// Let in: joins get a room token from now on.
    Admitted,
    /// Not let in.
    Declined,
}

impl LobbyState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LobbyState::Waiting => "waiting",
            LobbyState::Admitted => "admitted",
            LobbyState::Declined => "declined",
        }
    }
}

impl TryFrom<String> for LobbyState {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        match stored.as_str() {
            "waiting" => Ok(LobbyState::Waiting),
            "admitted" => Ok(LobbyState::Admitted),
            "declined" => Ok(LobbyState::Declined),
            other => Err(format!("unknown waiting-room state {other:?}")),
        }
    }
}

/// Someone in a meeting's waiting room.
#[derive(Debug, Clone)]
pub struct LobbyEntry {
    /// Their participant id (admit and decline name them by it).
    pub participant_id: String,
    /// The name they gave on the join page.
    pub name: String,
    /// Their address from the invitation.
    pub email: String,
    pub state: LobbyState,
    /// When they asked.
    pub asked_at: NaiveDateTime,
}

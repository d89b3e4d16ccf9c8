//! What joining reads of a participant and a meeting: only the columns a join needs, since
//! the look-up runs on every press of "join".

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{meetings, participants};
use crate::domain::{Role, TimeZone};

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
}

impl JoinMeeting {
    /// The zone it was planned in (an unknown stored name falls back to the default).
    pub fn zone(&self) -> TimeZone {
        TimeZone::parse(&self.time_zone).unwrap_or_default()
    }
}

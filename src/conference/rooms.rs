//! The meeting behind a Jitsi room, as the hooks ask about it: at its current or next date (a
//! series), on the server that asks, with its window.

use chrono::{DateTime, TimeDelta, Utc};

use super::model::HookServer;
use super::queries::{self, MeetingBy, RoomMeeting};
use crate::db::AnyConnection;
use crate::domain::{Locale, Role};
use crate::error::AppError;
use crate::joining::{JoinMeeting, JoinState, at_current_date};

/// A planned meeting found behind a room.
#[derive(Debug, Clone)]
pub struct PlannedRoom {
    /// As a join reads it: a series at its current or next date.
    pub meeting: JoinMeeting,
    /// The server it runs on; `None`: planned before servers existed (the default server's).
    pub server_id: Option<String>,
    /// Its dial-in PIN.
    pub pin: Option<String>,
    /// The organizer's language: refusals are written in it.
    pub organizer_locale: Locale,
}

impl PlannedRoom {
    /// Where the meeting stands for everyone who is no moderator: the window the hooks keep.
    pub fn state(&self, now: DateTime<Utc>, grace: TimeDelta) -> JoinState {
        JoinState::of(&self.meeting, Role::Participant, now, grace)
    }

    /// Whether it runs on `server`.
    pub fn runs_on(&self, server: &HookServer) -> bool {
        match &self.server_id {
            Some(id) => *id == server.id,
            None => server.is_default,
        }
    }
}

/// A room name as Jitsi sends it, as we store it: lower case, without a tenant's `[tenant]`.
pub fn room_key(raw: &str) -> String {
    let raw = raw.trim();
    let name = match raw.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        Some((_, room)) => room,
        None => raw,
    };
    name.to_ascii_lowercase()
}

/// The meeting held in `room` (as Jitsi names it), on any server.
pub fn meeting_in_room(
    conn: &mut AnyConnection,
    room: &str,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Option<PlannedRoom>, AppError> {
    let found = queries::room_meeting(conn, MeetingBy::Room(&room_key(room)))?;
    planned(conn, found, now, grace)
}

/// The meeting a PIN names.
pub fn meeting_with_pin(
    conn: &mut AnyConnection,
    pin: &str,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Option<PlannedRoom>, AppError> {
    let found = queries::room_meeting(conn, MeetingBy::Pin(pin))?;
    planned(conn, found, now, grace)
}

fn planned(
    conn: &mut AnyConnection,
    found: Option<RoomMeeting>,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Option<PlannedRoom>, AppError> {
    let Some((mut meeting, server_id, pin, locale)) = found else {
        return Ok(None);
    };
    if meeting.recurrence.is_some() {
        at_current_date(conn, &mut meeting, now, grace)?;
    }
    Ok(Some(PlannedRoom {
        meeting,
        server_id,
        pin,
        organizer_locale: Locale::from_tag(&locale).unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::room_key;

    #[test]
    fn rooms_are_named_without_tenant_and_case() {
        assert_eq!(room_key("AbcDef"), "abcdef");
        assert_eq!(room_key("[stadt-a]abcdef"), "abcdef");
    }
}

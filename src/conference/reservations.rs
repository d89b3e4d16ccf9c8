//! Jitsi's reservation hook (`mod_reservations`): before a room is created, Prosody asks
//! whether it may be, and for how long. A planned meeting's room opens in its window (the join
//! window before the start until the end plus the grace) and is closed by Jitsi at its end;
//! outside the window, and for cancelled meetings, the answer is a refusal in the organizer's
//! language. Rooms no meeting is held in follow the server's policy.
//!
//! Jitsi knows a reservation by a number. Each room keeps its number (a meeting's is stable),
//! and a room Jitsi holds (answered, not yet deleted) is answered with 409 and that number, as
//! the module expects; it then reads the reservation with a GET.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::Connection;
use serde::Serialize;

use super::model::{HookServer, Reservation};
use super::queries;
use super::rooms::{self, PlannedRoom, room_key};
use super::settings::ReservationPolicy;
use crate::db::AnyConnection;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n;
use crate::joining::JoinState;
use crate::when;

/// How long a room no meeting is held in may stay, on a server that allows such rooms; Jitsi
/// asks again for the next one.
pub const UNPLANNED_ROOM: TimeDelta = TimeDelta::hours(24);

/// The body of a granted reservation, as the module requires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Granted {
    pub id: i64,
    pub name: String,
    /// The planned start (UTC, `2026-12-01T09:00:00.000Z`).
    pub start_time: String,
    /// Seconds from the start until Jitsi closes the room (the end plus the grace).
    pub duration: i64,
    pub mail_owner: String,
    /// The meeting's waiting room, on a server that runs Jitsi's lobby with reservations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lobby: Option<bool>,
}

/// What Prosody is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 200 with the reservation.
    Granted(Granted),
    /// 409: Jitsi already holds this room's reservation under this number.
    Conflict(i64),
    /// 403 with a readable message.
    Refused(String),
    /// 404: no such reservation.
    Unknown,
    /// 200: the reservation is let go.
    Released,
}

/// A request to create a room (`POST …/conference`).
#[derive(Debug, Clone)]
pub struct RoomRequest<'a> {
    /// The room (`[tenant]room` with tenants).
    pub name: &'a str,
    /// Who asks (a JID).
    pub mail_owner: &'a str,
}

/// Answers a request to create a room.
pub fn reserve(
    conn: &mut AnyConnection,
    server: &HookServer,
    request: &RoomRequest<'_>,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Answer, AppError> {
    let policy = server.hooks.policy();
    if policy == ReservationPolicy::Off {
        return Ok(Answer::Refused(i18n::text(
            Locale::default(),
            "reservation-off",
        )));
    }
    let room = room_key(request.name);
    conn.transaction(|conn| {
        let held = queries::reservation_of_room(conn, &server.id, &room)?;
        if let Some(held) = held.as_ref().filter(|r| r.active) {
            return Ok(Answer::Conflict(held.id));
        }
        let (answer, meeting_id) = decide(
            conn,
            server,
            &room,
            request.name,
            request.mail_owner,
            held.as_ref(),
            now,
            grace,
        )?;
        if let Answer::Granted(granted) = &answer {
            hold(conn, server, &room, meeting_id, granted, held.as_ref(), now)?;
        }
        Ok(answer)
    })
}

/// Answers Jitsi's read of a reservation it holds (after a 409): the same body, for the window
/// as it is now.
pub fn reservation(
    conn: &mut AnyConnection,
    server: &HookServer,
    id: i64,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<Answer, AppError> {
    let Some(held) = queries::reservation(conn, &server.id, id)? else {
        return Ok(Answer::Unknown);
    };
    let room = held.room_name.clone();
    let (answer, _) = decide(
        conn,
        server,
        &room,
        &room,
        &held.mail_owner,
        Some(&held),
        now,
        grace,
    )?;
    Ok(answer)
}

/// Jitsi let the room go (`DELETE …/conference/{id}`).
pub fn release(
    conn: &mut AnyConnection,
    server: &HookServer,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Answer, AppError> {
    if queries::reservation(conn, &server.id, id)?.is_none() {
        return Ok(Answer::Unknown);
    }
    queries::set_reservation_active(conn, id, false, None, now.naive_utc())?;
    Ok(Answer::Released)
}

/// The answer for `room` now, with the meeting held in it.
#[allow(clippy::too_many_arguments)]
fn decide(
    conn: &mut AnyConnection,
    server: &HookServer,
    room: &str,
    name: &str,
    mail_owner: &str,
    held: Option<&Reservation>,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<(Answer, Option<String>), AppError> {
    let planned = rooms::meeting_in_room(conn, room, now, grace)?.filter(|p| p.runs_on(server));
    // A number is drawn only for a room that is granted (a refusal costs no extra look-up).
    let id = |conn: &mut AnyConnection| match held {
        Some(held) => Ok(held.id),
        None => new_reservation_id(conn),
    };
    let Some(planned) = planned else {
        let answer = match server.hooks.policy() {
            ReservationPolicy::AllowUnplanned => Answer::Granted(Granted {
                id: id(conn)?,
                name: name.to_owned(),
                start_time: stamp(now),
                duration: UNPLANNED_ROOM.num_seconds(),
                mail_owner: mail_owner.to_owned(),
                lobby: None,
            }),
            _ => Answer::Refused(i18n::text(Locale::default(), "reservation-unplanned")),
        };
        return Ok((answer, None));
    };
    let answer = match refusal(&planned, now, grace) {
        Some(message) => Answer::Refused(message),
        None => {
            let start = planned.meeting.starts_at.and_utc();
            let closes = planned.meeting.ends_at.and_utc() + grace;
            Answer::Granted(Granted {
                id: id(conn)?,
                name: name.to_owned(),
                start_time: stamp(start),
                duration: (closes - start).num_seconds(),
                mail_owner: mail_owner.to_owned(),
                lobby: (planned.meeting.lobby_enabled && server.hooks.reservations_lobby)
                    .then_some(true),
            })
        }
    };
    Ok((answer, Some(planned.meeting.id)))
}

/// Why a planned meeting's room may not open now, in its organizer's language.
fn refusal(planned: &PlannedRoom, now: DateTime<Utc>, grace: TimeDelta) -> Option<String> {
    let locale = planned.organizer_locale;
    match planned.state(now, grace) {
        JoinState::Open => None,
        JoinState::Cancelled => Some(i18n::text(locale, "reservation-cancelled")),
        JoinState::Ended => Some(i18n::text(locale, "reservation-ended")),
        JoinState::NotYetOpen { opens_at } => Some(i18n::text_with(
            locale,
            "reservation-not-yet",
            &[(
                "at",
                when::moment(locale, opens_at.naive_utc(), planned.meeting.zone()),
            )],
        )),
    }
}

fn hold(
    conn: &mut AnyConnection,
    server: &HookServer,
    room: &str,
    meeting_id: Option<String>,
    granted: &Granted,
    held: Option<&Reservation>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let now = now.naive_utc();
    match held {
        Some(held) => {
            queries::set_reservation_active(conn, held.id, true, Some(&granted.mail_owner), now)?;
        }
        None => {
            queries::insert_reservation(
                conn,
                &Reservation {
                    id: granted.id,
                    server_id: server.id.clone(),
                    room_name: room.to_owned(),
                    meeting_id,
                    mail_owner: granted.mail_owner.clone(),
                    active: true,
                    updated_at: now,
                },
            )?;
        }
    }
    Ok(())
}

/// A number no reservation has: random, nine or ten digits, below 2^31 (Lua and JSON keep it
/// exact everywhere).
fn new_reservation_id(conn: &mut AnyConnection) -> Result<i64, AppError> {
    for _ in 0..8 {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
        let id = i64::from(u32::from_le_bytes(bytes) >> 1).max(100_000_000);
        if !queries::reservation_id_taken(conn, id)? {
            return Ok(id);
        }
    }
    Err(AppError::Internal(anyhow::anyhow!(
        "eight random reservation numbers in a row were taken"
    )))
}

/// `2026-12-01T09:00:00.000Z`, the form the module reads.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

//! Treffpunkt's own waiting room, which works with every Jitsi server: with the lobby on, a
//! participant who presses *Join* asks to be let in and waits; a moderator (or the organizer)
//! admits or declines each person, or everyone waiting at once. Only an admitted participant is
//! given a room token. Moderators never wait. The state lives in `lobby_entries`, so instances
//! behind a load balancer agree; `bell` wakes the pages that wait on it.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::Connection;

use super::bell;
use super::model::{LobbyEntry, LobbyState};
use super::queries;
use crate::accounts::User;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::meetings::{self, Meeting};

/// What a moderator decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Admit,
    Decline,
}

/// Asks to be let in under `name`. A decision made earlier stands (an admitted person goes
/// straight in, a declined one stays out); a new request rings the moderators' pages. For a
/// date of a series, `date_opens` is when its join window opened: decisions from earlier
/// dates are forgotten.
pub fn ask_to_enter(
    conn: &mut AnyConnection,
    participant_id: &str,
    meeting_id: &str,
    name: &str,
    now: NaiveDateTime,
    date_opens: Option<NaiveDateTime>,
) -> Result<LobbyState, AppError> {
    if let Some(since) = date_opens {
        queries::forget_lobby_entry_before(conn, participant_id, since)?;
    }
    if let Some(state) = queries::lobby_state(conn, participant_id)? {
        return Ok(state);
    }
    conn.transaction(|conn| {
        if queries::ask_to_enter(conn, participant_id, meeting_id, name, now)? {
            bell::notify(conn, meeting_id)?;
        }
        Ok::<_, AppError>(())
    })?;
    // A twin request may have been first, or a moderator may have decided already.
    Ok(queries::lobby_state(conn, participant_id)?.unwrap_or(LobbyState::Waiting))
}

/// Where a participant stands, with the name they asked under, if they asked to be let in.
pub fn lobby_state(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<Option<(LobbyState, String)>, AppError> {
    Ok(queries::lobby_entry_of(conn, participant_id)?)
}

/// The meeting and who waits to be let in, earliest first; 404 unless `user` moderates it.
pub fn waiting_list(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
) -> Result<(Meeting, Vec<LobbyEntry>), AppError> {
    let meeting = meetings::meeting_for_moderator(conn, user, meeting_id)?;
    let mut waiting = queries::waiting(conn, meeting_id)?;
    if meeting.recurrence.is_some() {
        // Someone who asked at an earlier date of the series and was never decided is not
        // waiting now; asking again at this date starts afresh (see `ask_to_enter`).
        let since = current_window_opened(conn, &meeting, Utc::now())?;
        waiting.retain(|entry| since.is_none_or(|since| entry.asked_at >= since));
    }
    Ok((meeting, waiting))
}

/// When the join window of the series' latest date that has opened by `now` opened (`None`:
/// none has yet).
fn current_window_opened(
    conn: &mut AnyConnection,
    meeting: &Meeting,
    now: DateTime<Utc>,
) -> Result<Option<NaiveDateTime>, AppError> {
    let exceptions = meetings::exceptions_of(conn, &[meeting.id.as_str()])?;
    let window = TimeDelta::minutes(i64::from(meeting.join_minutes_before));
    let opened = meetings::occurrences(
        meeting,
        &exceptions,
        now - LOOK_BACK,
        now + window + TimeDelta::seconds(1),
        meetings::MAX_EXPANDED,
    )
    .into_iter()
    .filter(|date| !date.cancelled)
    .map(|date| date.starts_at - window)
    .filter(|opens| *opens <= now)
    .max();
    Ok(opened.map(|at| at.naive_utc()))
}

/// How far back the latest opened date of a series is looked for (a yearly series' last date).
const LOOK_BACK: TimeDelta = TimeDelta::days(400);

/// Admits or declines one waiting person (`whom`), or everyone waiting (`None`); how many were
/// decided. 404 unless `user` moderates the meeting.
pub fn decide(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    whom: Option<&str>,
    decision: Decision,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    conn.transaction(|conn| {
        meetings::meeting_for_moderator(conn, user, meeting_id)?;
        let state = match decision {
            Decision::Admit => LobbyState::Admitted,
            Decision::Decline => LobbyState::Declined,
        };
        let decided = queries::decide(conn, meeting_id, whom, state, &user.id, now)?;
        if decided > 0 {
            bell::notify(conn, meeting_id)?;
        }
        Ok(decided)
    })
}

//! Forgetting meetings: a meeting ends its life a set time after it ended (a series after its
//! last date, an open-ended one never) or was cancelled. It goes with its participants, their
//! links, answers and stays, and the outbox rows about them — in batches the caller bounds, each
//! in a short transaction of its own.

use chrono::NaiveDateTime;
use diesel::Connection;

use super::queries::retention as queries;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::outbox;

/// One batch of meetings looked at: those whose life is over, and where the next batch starts.
#[derive(Debug, Default)]
pub struct ExpiredMeetings {
    /// The meetings to delete.
    pub ids: Vec<String>,
    /// The last id looked at; `None` when no meeting was left to look at.
    pub next_after: Option<String>,
}

/// Up to `limit` meetings after id `after` whose life ended before `before`.
pub fn expired_meetings(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> Result<ExpiredMeetings, AppError> {
    let candidates = queries::ended_before(conn, before, after, limit)?;
    let series: Vec<&str> = candidates
        .iter()
        .filter(|m| m.recurrence.is_some() && m.cancelled_at.is_none_or(|at| at >= before))
        .map(|m| m.id.as_str())
        .collect();
    let moved = queries::latest_moved_ends(conn, &series)?;
    let ids = candidates
        .iter()
        .filter(|meeting| {
            if meeting.cancelled_at.is_some_and(|at| at < before) || meeting.recurrence.is_none() {
                return true;
            }
            // A series lives until its last date ended, a moved date included.
            let Some(last) = meeting.series().and_then(|series| series.last_end()) else {
                return false;
            };
            let moved_end = moved
                .iter()
                .find(|(id, _)| *id == meeting.id)
                .and_then(|(_, end)| *end);
            let last = moved_end.map_or(last.naive_utc(), |end| end.max(last.naive_utc()));
            last < before
        })
        .map(|meeting| meeting.id.clone())
        .collect();
    Ok(ExpiredMeetings {
        ids,
        next_after: candidates.last().map(|meeting| meeting.id.clone()),
    })
}

/// Deletes these meetings and the outbox rows about their people, in one transaction; how
/// many meetings and how many jobs.
pub fn delete_expired_meetings(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<(usize, usize), AppError> {
    if ids.is_empty() {
        return Ok((0, 0));
    }
    conn.transaction(|conn| {
        let people = queries::participant_ids(conn, ids)?;
        let jobs = outbox::delete_about(conn, &people)?;
        let meetings = queries::delete_meetings(conn, ids)?;
        Ok((meetings, jobs))
    })
}

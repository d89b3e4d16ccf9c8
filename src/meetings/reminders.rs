//! Reminders: a short mail with the join link N minutes before the start, once per participant
//! and start time (a moved meeting reminds again; a new title does not; each date of a series
//! reminds of itself), never for a cancelled meeting or date, and never to someone invited less than N minutes before the start (their
//! invitation is reminder enough). The mail worker calls this on its poll; the bookkeeping
//! (`participants.reminded_for`) is the meeting's.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::Connection;

use super::mail_jobs::MeetingMail;
use super::model::{Meeting, Participant};
use super::occurrences::{MAX_EXPANDED, Occurrence, occurrences};
use super::queries;
use crate::db::{self, AnyConnection};
use crate::domain::recurrence_id_text;
use crate::error::AppError;
use crate::outbox;

/// Queues a reminder for every participant of a meeting (or a date of a series) starting
/// within `minutes` who has not had one for that start; how many were queued. Safe with
/// several workers: each participant's mark is set by exactly one of them.
pub fn queue_due_reminders(conn: &mut AnyConnection, minutes: i64) -> Result<usize, AppError> {
    let now = db::now();
    let until = now + Duration::minutes(minutes);
    // Read first, outside a transaction: nearly always nothing is due, and then no write lock
    // is taken (this runs every poll). The conditional mark keeps it exactly-once anyway.
    let mut due: Vec<Due> = queries::due_reminders(conn, now, until)?
        .into_iter()
        .map(|(meeting, participant)| Due {
            starts_at: meeting.starts_at,
            recurrence_id: None,
            meeting,
            participant,
        })
        .collect();
    due.extend(due_dates_of_series(conn, now, until)?);
    if due.is_empty() {
        return Ok(0);
    }
    conn.transaction(|conn| {
        let mut jobs = Vec::new();
        for Due {
            meeting,
            participant,
            starts_at,
            recurrence_id,
        } in &due
        {
            let invited_in_time = participant.created_at + Duration::minutes(minutes) <= *starts_at;
            // Marked either way, so a late invitee is not looked at again on every poll.
            let in_order = recurrence_id.is_some();
            if queries::mark_reminded(conn, &participant.id, *starts_at, in_order)?
                && invited_in_time
            {
                let mut mail = MeetingMail::reminder(meeting, participant);
                if let MeetingMail::Reminder(to) = &mut mail {
                    to.recurrence_id = recurrence_id.map(recurrence_id_text);
                }
                jobs.push(mail.job()?);
            }
        }
        outbox::enqueue(conn, &jobs)?;
        Ok(jobs.len())
    })
}

/// A reminder to queue: whom, for which meeting, for which start.
struct Due {
    meeting: Meeting,
    participant: Participant,
    /// The start reminded of (a series: that date's, as moved).
    starts_at: NaiveDateTime,
    /// For a date of a series: its identity.
    recurrence_id: Option<DateTime<Utc>>,
}

/// The participants of series whose next dates start in `(now, until]` and who have not been
/// reminded of them. Runs on every poll: the series are read alone, their people only for those
/// with a date due.
fn due_dates_of_series(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<Due>, AppError> {
    let series = queries::running_series(conn, now)?;
    if series.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = series.iter().map(|m| m.id.as_str()).collect();
    let exceptions = queries::exceptions_by_meeting(conn, &ids)?;
    let (now, until) = (now.and_utc(), until.and_utc());
    let soon: HashMap<&str, (&Meeting, Vec<Occurrence>)> = series
        .iter()
        .filter_map(|meeting| {
            let own = exceptions.get(&meeting.id).map_or(&[][..], Vec::as_slice);
            let dates: Vec<Occurrence> =
                occurrences(meeting, own, now, until + Duration::days(1), MAX_EXPANDED)
                    .into_iter()
                    .filter(|o| !o.cancelled && o.starts_at > now && o.starts_at <= until)
                    .collect();
            (!dates.is_empty()).then_some((meeting.id.as_str(), (meeting, dates)))
        })
        .collect();
    if soon.is_empty() {
        return Ok(Vec::new());
    }
    let due_ids: Vec<&str> = soon.keys().copied().collect();
    let mut due = Vec::new();
    for participant in queries::participants_of_meetings(conn, &due_ids)? {
        let Some((meeting, dates)) = soon.get(participant.meeting_id.as_str()) else {
            continue;
        };
        // In time order: the mark only moves forward.
        for date in dates {
            let starts_at = date.starts_at.naive_utc();
            if participant
                .reminded_for
                .is_none_or(|marked| marked < starts_at)
            {
                due.push(Due {
                    meeting: (*meeting).clone(),
                    participant: participant.clone(),
                    starts_at,
                    recurrence_id: Some(date.recurrence_id),
                });
            }
        }
    }
    Ok(due)
}

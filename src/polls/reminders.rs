//! The one reminder of a poll: a day (or the poll's hours) before its deadline, to those asked
//! who have not answered. The mail worker calls `queue_due_poll_reminders` on its poll.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::Connection;

use super::mail_jobs::{self, PollLetter};
use super::plan::MAX_REMINDER_HOURS;
use super::queries;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::outbox;

/// Queues the reminders due at `now`; how many mails. Each poll's reminder is claimed once,
/// so several workers send it once; a poll whose deadline passed unnoticed (a stopped worker)
/// gets none.
pub fn queue_due_poll_reminders(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let horizon = now + TimeDelta::hours(i64::from(MAX_REMINDER_HOURS));
    let mut queued = 0;
    for poll in queries::reminder_candidates(conn, now.naive_utc(), horizon.naive_utc())? {
        let (Some(deadline), Some(hours)) = (poll.deadline, poll.reminder_hours) else {
            continue;
        };
        if deadline.and_utc() - TimeDelta::hours(i64::from(hours)) > now {
            continue;
        }
        queued += conn.transaction(|conn| {
            if !queries::claim_reminder(conn, &poll.id, now.naive_utc())? {
                return Ok::<_, AppError>(0);
            }
            let ids = queries::unanswered_ids(conn, &poll.id)?;
            let jobs = mail_jobs::jobs(PollLetter::Reminder, ids.iter().map(String::as_str))?;
            outbox::enqueue(conn, &jobs)?;
            Ok(jobs.len())
        })?;
    }
    Ok(queued)
}

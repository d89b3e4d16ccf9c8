//! Reminders: a short mail with the join link N minutes before the start, once per participant
//! and start time (a moved meeting reminds again; a new title does not), never for a cancelled
//! meeting, and never to someone invited less than N minutes before the start (their
//! invitation is reminder enough). The mail worker calls this on its poll; the bookkeeping
//! (`participants.reminded_for`) is the meeting's.

use chrono::Duration;
use diesel::Connection;

use super::mail_jobs::MeetingMail;
use super::queries;
use crate::db::{self, AnyConnection};
use crate::error::AppError;
use crate::outbox;

/// Queues a reminder for every participant of a meeting starting within `minutes` who has not
/// had one for its current start; how many were queued. Safe with several workers: each
/// participant's mark is set by exactly one of them.
pub fn queue_due_reminders(conn: &mut AnyConnection, minutes: i64) -> Result<usize, AppError> {
    let now = db::now();
    let until = now + Duration::minutes(minutes);
    // Read first, outside a transaction: nearly always nothing is due, and then no write lock
    // is taken (this runs every poll). The conditional mark keeps it exactly-once anyway.
    let due = queries::due_reminders(conn, now, until)?;
    if due.is_empty() {
        return Ok(0);
    }
    conn.transaction(|conn| {
        let mut jobs = Vec::new();
        for (meeting, participant) in &due {
            let invited_in_time =
                participant.created_at + Duration::minutes(minutes) <= meeting.starts_at;
            // Marked either way, so a late invitee is not looked at again on every poll.
            if queries::mark_reminded(conn, &participant.id, meeting.starts_at)? && invited_in_time
            {
                jobs.push(MeetingMail::reminder(meeting, participant).job()?);
            }
        }
        outbox::enqueue(conn, &jobs)?;
        Ok(jobs.len())
    })
}

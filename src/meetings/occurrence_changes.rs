//! One date of a series changed or cancelled alone: an exception, and the iTIP messages
//! RFC 5546 prescribes — a REQUEST holding only that occurrence (same UID, its RECURRENCE-ID,
//! its own SEQUENCE), or a CANCEL with its RECURRENCE-ID. The series' master stays as it is;
//! later copies of it carry the exception (an override component, or an EXDATE).

use chrono::{DateTime, Utc};
use diesel::Connection;

use super::mail_jobs::{self, MeetingMail};
use super::model::{Meeting, MeetingException, Participant};
use super::occurrences::{Occurrence, occurrence_at};
use super::queries;
use super::service::lock_for_change;
use crate::accounts::User;
use crate::db::{self, AnyConnection};
use crate::domain::{Description, MeetingTitle, Schedule};
use crate::error::{AppError, Conflict};
use crate::outbox;

/// Changes to one occurrence; `None` leaves a part as the series has it.
#[derive(Debug, Clone, Default)]
pub struct OccurrenceChanges {
    pub title: Option<MeetingTitle>,
    pub description: Option<Description>,
    /// A new time for this date alone.
    pub schedule: Option<Schedule>,
}

/// Changes the occurrence of the series `meeting_id` that originally starts at
/// `recurrence_id`. `edit` turns the request into checked changes, seeing the meeting and the
/// occurrence as stored. 404 if `user` may not edit the meeting or the series has no such date;
/// 409 if the meeting or this date is cancelled.
pub fn change_occurrence(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    recurrence_id: DateTime<Utc>,
    edit: impl FnOnce(&Meeting, &Occurrence) -> Result<OccurrenceChanges, AppError>,
) -> Result<Occurrence, AppError> {
    conn.transaction(|conn| {
        let (meeting, _) = lock_for_change(conn, user, meeting_id)?;
        let exceptions = queries::exceptions_of(conn, &[meeting_id])?;
        let occurrence =
            occurrence_at(&meeting, &exceptions, recurrence_id).ok_or(AppError::NotFound)?;
        if occurrence.cancelled {
            return Err(AppError::Conflict(Conflict::OccurrenceCancelled));
        }
        let changes = edit(&meeting, &occurrence)?;
        let existing = own_exception(&exceptions, recurrence_id);
        let mut exception = existing
            .cloned()
            .unwrap_or_else(|| new_exception(&meeting, recurrence_id));
        let before = exception.clone();
        if let Some(title) = changes.title {
            exception.title = Some(title.as_str().to_owned()).filter(|t| *t != meeting.title);
        }
        if let Some(description) = changes.description {
            exception.description =
                Some(description.as_str().to_owned()).filter(|d| *d != meeting.description);
        }
        if let Some(schedule) = changes.schedule {
            let (starts_at, ends_at) = (schedule.starts_at(), schedule.ends_at());
            // Back in its own slot it is no longer moved.
            let in_slot = starts_at == recurrence_id
                && ends_at - starts_at == meeting.ends_at - meeting.starts_at;
            exception.starts_at = (!in_slot).then(|| starts_at.naive_utc());
            exception.ends_at = (!in_slot).then(|| ends_at.naive_utc());
        }
        let unchanged = (
            &exception.title,
            &exception.description,
            exception.starts_at,
        ) == (&before.title, &before.description, before.starts_at);
        if unchanged {
            return Ok(occurrence);
        }
        save_and_tell(
            conn,
            &meeting,
            exception,
            existing.is_some(),
            MeetingMail::occurrence_update,
        )
    })
}

/// Cancels one occurrence of a series alone: the series goes on, the date is off in every
/// calendar. Cancelling it again changes nothing. 404 and 409 as for a change.
pub fn cancel_occurrence(
    conn: &mut AnyConnection,
    user: &User,
    meeting_id: &str,
    recurrence_id: DateTime<Utc>,
) -> Result<Occurrence, AppError> {
    conn.transaction(|conn| {
        let (meeting, _) = lock_for_change(conn, user, meeting_id)?;
        let exceptions = queries::exceptions_of(conn, &[meeting_id])?;
        let occurrence =
            occurrence_at(&meeting, &exceptions, recurrence_id).ok_or(AppError::NotFound)?;
        if occurrence.cancelled {
            return Ok(occurrence);
        }
        let existing = own_exception(&exceptions, recurrence_id);
        let mut exception = existing
            .cloned()
            .unwrap_or_else(|| new_exception(&meeting, recurrence_id));
        exception.cancelled_at = Some(db::now());
        save_and_tell(
            conn,
            &meeting,
            exception,
            existing.is_some(),
            MeetingMail::occurrence_cancellation,
        )
    })
}

/// Raises the exception's SEQUENCE, saves it and queues `mail` for everyone on the meeting;
/// answers the occurrence as it now is.
fn save_and_tell(
    conn: &mut AnyConnection,
    meeting: &Meeting,
    mut exception: MeetingException,
    exists: bool,
    mail: fn(&Meeting, &MeetingException, &Participant) -> MeetingMail,
) -> Result<Occurrence, AppError> {
    // Its own component's SEQUENCE: above the master's for a new one, one up for a change.
    exception.sequence = if exists {
        exception.sequence + 1
    } else {
        meeting.revision + 1
    };
    exception.updated_at = db::now();
    queries::save_exception(conn, &exception, !exists)?;
    let participants = queries::participants_of(conn, &meeting.id)?;
    let jobs = mail_jobs::jobs(participants.iter().map(|p| mail(meeting, &exception, p)))?;
    outbox::enqueue(conn, &jobs)?;
    let recurrence_id = exception.recurrence_id.and_utc();
    occurrence_at(meeting, &[exception], recurrence_id).ok_or(AppError::NotFound)
}

fn own_exception(
    exceptions: &[MeetingException],
    recurrence_id: DateTime<Utc>,
) -> Option<&MeetingException> {
    exceptions
        .iter()
        .find(|e| e.recurrence_id.and_utc() == recurrence_id)
}

fn new_exception(meeting: &Meeting, recurrence_id: DateTime<Utc>) -> MeetingException {
    let now = db::now();
    MeetingException {
        meeting_id: meeting.id.clone(),
        recurrence_id: recurrence_id.naive_utc(),
        cancelled_at: None,
        starts_at: None,
        ends_at: None,
        title: None,
        description: None,
        sequence: meeting.revision,
        created_at: now,
        updated_at: now,
    }
}

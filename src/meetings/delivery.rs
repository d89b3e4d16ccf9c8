//! Mails to people on a meeting that the mail server refused for good, so the organizer sees
//! them beside the person (the administrators see every one on the outbox page).

use std::collections::HashMap;

use super::access::MeetingDetail;
use super::mail_jobs::MeetingMail;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::outbox::{self, FailedJob};

/// How many of the newest failed jobs are looked through: failures are rare and administrators
/// clear them, so a meeting's are among these.
const FAILED_LOOKED_AT: i64 = 1_000;

/// The mail server's last answer per participant whose mail failed for good. It takes the
/// meeting as its editors see it (`MeetingDetail`, only had through `meeting_for_editor` and
/// the changes), so only someone who may see the addresses learns what happened to them.
pub fn undelivered(
    conn: &mut AnyConnection,
    meeting: &MeetingDetail,
) -> Result<HashMap<String, String>, AppError> {
    let mut answers = HashMap::new();
    for (job, participant_id) in failed_for(conn, &meeting.meeting.id)? {
        // Newest first: the latest answer wins.
        answers
            .entry(participant_id)
            .or_insert_with(|| job.last_error.unwrap_or_default());
    }
    Ok(answers)
}

/// Sets aside the failed mails to one participant: their invitation is being sent again.
pub(super) fn forget_failures(
    conn: &mut AnyConnection,
    meeting_id: &str,
    participant_id: &str,
) -> Result<(), AppError> {
    for (job, to) in failed_for(conn, meeting_id)? {
        if to == participant_id {
            outbox::discard(conn, &job.id)?;
        }
    }
    Ok(())
}

fn failed_for(
    conn: &mut AnyConnection,
    meeting_id: &str,
) -> Result<Vec<(FailedJob, String)>, AppError> {
    Ok(outbox::failed_jobs(conn, FAILED_LOOKED_AT)?
        .into_iter()
        .filter_map(|job| {
            let mail = MeetingMail::from_job(&job.kind, &job.payload)?;
            let to = mail.participant_id()?.to_owned();
            (mail.meeting_id() == meeting_id).then_some((job, to))
        })
        .collect())
}

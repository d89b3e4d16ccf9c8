//! Mails that failed for good, as administrators see them on the outbox page.

use chrono::NaiveDateTime;

use super::{by_organisation, queries};
use crate::db::AnyConnection;
use crate::meetings::{MailKind, MeetingMail};
use crate::outbox;

/// A mail the outbox gave up on, with whom it was for.
#[derive(Debug, Clone)]
pub struct FailedMail {
    /// The outbox job's id (retry and discard name it).
    pub job_id: String,
    /// `None` for a job that is not meeting mail (or whose payload no longer reads).
    pub kind: Option<MailKind>,
    pub meeting_id: Option<String>,
    /// The address, while the recipient is still on the meeting (or was uninvited).
    pub recipient: Option<String>,
    pub attempts: i32,
    /// The mail server's last answer.
    pub error: Option<String>,
    pub queued_at: NaiveDateTime,
    pub failed_at: Option<NaiveDateTime>,
}

/// The newest `limit` failed mails (of one organisation's meetings and polls, when given), with
/// their recipients' addresses in one query.
pub fn failed_mails(
    conn: &mut AnyConnection,
    organisation_id: Option<&str>,
    limit: i64,
) -> Result<Vec<FailedMail>, diesel::result::Error> {
    let jobs = match organisation_id {
        None => outbox::failed_jobs(conn, limit)?,
        Some(organisation_id) => by_organisation::failed_jobs(conn, organisation_id, limit)?,
    };
    let mails: Vec<Option<MeetingMail>> = jobs
        .iter()
        .map(|job| MeetingMail::from_job(&job.kind, &job.payload))
        .collect();
    let ids: Vec<&str> = mails
        .iter()
        .flatten()
        .filter_map(MeetingMail::participant_id)
        .collect();
    let emails = queries::participant_emails(conn, &ids)?;
    Ok(jobs
        .into_iter()
        .zip(mails)
        .map(|(job, mail)| {
            let recipient = match &mail {
                Some(MeetingMail::Uninvitation(gone)) => Some(gone.email.clone()),
                Some(mail) => mail.participant_id().and_then(|id| emails.get(id).cloned()),
                None => None,
            };
            FailedMail {
                job_id: job.id,
                kind: mail.as_ref().map(MeetingMail::kind),
                meeting_id: mail.as_ref().map(|m| m.meeting_id().to_owned()),
                recipient,
                attempts: job.attempts,
                error: job.last_error,
                queued_at: job.created_at,
                failed_at: job.finished_at,
            }
        })
        .collect())
}

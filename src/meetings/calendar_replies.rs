//! What calendar programs send about a meeting besides answers (iMIP): proposals of another
//! time (kept for the organizer, never applied) and requests for the current version (the
//! invitation goes out again), and whom a reply is for.

use chrono::{DateTime, Utc};
use diesel::Connection;

use super::mail_jobs::MeetingMail;
use super::model::{CounterProposal, Meeting, Participant};
use super::queries;
use crate::db::{self, AnyConnection};
use crate::domain::{ReplyComment, recurrence_id_text};
use crate::error::AppError;
use crate::outbox;

/// The participant a reply address names, with their meeting and its organizer.
#[derive(Debug, Clone)]
pub struct ReplyTarget {
    pub participant: Participant,
    pub meeting: Meeting,
    pub organizer_name: String,
    pub organizer_email: String,
}

/// Whom the reply token `participant_id` names; `None` once they are off the meeting.
pub fn reply_target(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<Option<ReplyTarget>, AppError> {
    let Some((participant, meeting)) = queries::participant_with_meeting(conn, participant_id)?
    else {
        return Ok(None);
    };
    let (_, organizer_email, organizer_name) =
        queries::account_summary(conn, &meeting.organizer_id)?;
    Ok(Some(ReplyTarget {
        participant,
        meeting,
        organizer_name,
        organizer_email,
    }))
}

/// A proposal of another time, as a calendar sent it.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub date: Option<DateTime<Utc>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
    /// The message it came in.
    pub message_id: String,
}

/// Keeps `proposal` from `participant_id` for the organizer to read; a message read twice
/// counts once.
pub fn record_counter(
    conn: &mut AnyConnection,
    participant_id: &str,
    proposal: &Proposal,
) -> Result<(), AppError> {
    // A comment that is too long or holds control characters is shown without it.
    let comment = proposal
        .comment
        .as_deref()
        .and_then(|c| ReplyComment::parse(c).ok().flatten())
        .map(|c| c.as_str().to_owned());
    queries::save_counter(
        conn,
        &CounterProposal {
            id: db::new_row_id(),
            participant_id: participant_id.to_owned(),
            recurrence_id: proposal.date.map(recurrence_id_text).unwrap_or_default(),
            starts_at: proposal.starts_at.map(|t| t.naive_utc()),
            ends_at: proposal.ends_at.map(|t| t.naive_utc()),
            comment,
            message_id: proposal.message_id.clone(),
            received_at: db::now(),
        },
    )?;
    Ok(())
}

/// Queues the participant's invitation again (their calendar asked for the current version,
/// iMIP REFRESH). Nothing for a cancelled meeting: its cancellation went out.
pub fn send_invitation_again(
    conn: &mut AnyConnection,
    participant_id: &str,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let Some((participant, meeting)) = queries::participant_with_meeting(conn, participant_id)?
        else {
            return Ok(());
        };
        if meeting.cancelled_at.is_none() && !participant.is_organizer {
            let mail = MeetingMail::invitation(&meeting, &participant);
            outbox::enqueue(conn, &[mail.job()?])?;
        }
        Ok(())
    })
}

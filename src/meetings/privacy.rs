//! One person's data in meetings: what the privacy export shows (meetings they organise, their
//! invitations with answers and proposed times) and what erasure changes (their entries become
//! "deleted person"; the meetings they organised go).

use chrono::NaiveDateTime;
use diesel::Connection;
use serde_json::{Value, json};

use super::queries::privacy as queries;
use super::retention::delete_expired_meetings;
use crate::db::{AnyConnection, utc_text};
use crate::error::AppError;

/// A meeting that has not ended yet, which erasing its organizer would take from its invitees.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub id: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
}

/// The meetings `user_id` organises, each with its invitees' addresses.
pub fn organised_export(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<Value>, AppError> {
    let meetings = queries::organised_by(conn, user_id)?;
    let ids: Vec<&str> = meetings.iter().map(|m| m.id.as_str()).collect();
    let invitees = queries::invitees_of(conn, &ids)?;
    Ok(meetings
        .iter()
        .map(|meeting| {
            json!({
                "id": meeting.id,
                "title": meeting.title,
                "description": meeting.description,
                "starts_at": utc_text(meeting.starts_at),
                "ends_at": utc_text(meeting.ends_at),
                "time_zone": meeting.time_zone,
                "recurrence": meeting.recurrence,
                "cancelled_at": meeting.cancelled_at.map(utc_text),
                "invitees": invitees
                    .iter()
                    .filter(|(of, _)| *of == meeting.id)
                    .map(|(_, email)| email)
                    .collect::<Vec<_>>(),
            })
        })
        .collect())
}

/// Every entry of the address (or the account) on a meeting: the meeting, the role, the name
/// and language stored, the answers and proposed times. Also the entries' ids, for the other
/// parts of the export (attendance, the waiting room, mails).
pub fn invitations_export(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> Result<(Vec<Value>, Vec<String>), AppError> {
    let entries = queries::entries_of(conn, email, user_id)?;
    let ids: Vec<&str> = entries.iter().map(|(p, _)| p.id.as_str()).collect();
    let answers = queries::answers_of(conn, &ids)?;
    let proposals = queries::proposals_of(conn, &ids)?;
    let documents = entries
        .iter()
        .map(|(participant, meeting)| {
            json!({
                "meeting_id": meeting.id,
                "meeting_title": meeting.title,
                "starts_at": utc_text(meeting.starts_at),
                "ends_at": utc_text(meeting.ends_at),
                "address": participant.email,
                "name": participant.display_name,
                "role": if participant.is_organizer { "organizer" } else { participant.role.as_str() },
                "language": participant.locale,
                "invited_at": utc_text(participant.created_at),
                "answers": answers
                    .iter()
                    .filter(|a| a.0 == participant.id)
                    .map(|(_, date, partstat, comment, at)| json!({
                        "date": date, "answer": partstat, "comment": comment,
                        "answered_at": utc_text(*at),
                    }))
                    .collect::<Vec<_>>(),
                "proposed_times": proposals
                    .iter()
                    .filter(|p| p.0 == participant.id)
                    .map(|(_, starts, ends, comment, at)| json!({
                        "starts_at": starts.map(utc_text), "ends_at": ends.map(utc_text),
                        "comment": comment, "received_at": utc_text(*at),
                    }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok((documents, ids.iter().map(|id| (*id).to_owned()).collect()))
}

/// The ids of the address's (or the account's) entries on meetings: what erasure changes.
pub fn entry_ids(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> Result<Vec<String>, AppError> {
    Ok(queries::entry_ids_of(conn, email, user_id)?)
}

/// The meetings `user_id` organises that are not over at `now` (nor cancelled): a series until
/// its last date, an open-ended one always.
pub fn upcoming_organised(
    conn: &mut AnyConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<Upcoming>, AppError> {
    Ok(queries::organised_by(conn, user_id)?
        .into_iter()
        .filter(|meeting| !meeting.is_cancelled())
        .filter(|meeting| match meeting.series() {
            None => meeting.ends_at >= now,
            Some(series) => series.last_end().is_none_or(|last| last.naive_utc() >= now),
        })
        .map(|meeting| Upcoming {
            id: meeting.id,
            title: meeting.title,
            starts_at: meeting.starts_at,
        })
        .collect())
}

/// Deletes every meeting `user_id` organised (with its people and their mails); how many.
/// The caller checked that none is still to come.
pub fn delete_organised(conn: &mut AnyConnection, user_id: &str) -> Result<usize, AppError> {
    let ids: Vec<String> = queries::organised_by(conn, user_id)?
        .into_iter()
        .map(|meeting| meeting.id)
        .collect();
    Ok(delete_expired_meetings(conn, &ids)?.0)
}

/// Makes these entries "deleted person" (inside the caller's transaction).
pub fn anonymise_entries(
    conn: &mut AnyConnection,
    participant_ids: &[String],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        for id in participant_ids {
            queries::anonymise_entry(conn, id, now)?;
        }
        Ok(())
    })
}

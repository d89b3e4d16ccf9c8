//! One person's data in Jitsi's reports: their stays in rooms (export), and forgetting their
//! names there and their address as a reservation's owner (erasure).

use serde_json::{Value, json};

use super::queries;
use crate::db::{AnyConnection, utc_text};
use crate::error::AppError;

/// The stays of these meeting entries: when they were in the room, under which name.
pub fn stays_export(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> Result<Vec<Value>, AppError> {
    Ok(queries::stays_of_participants(conn, participant_ids)?
        .into_iter()
        .map(|(meeting_id, name, kind, joined_at, left_at)| {
            json!({"meeting_id": meeting_id, "name": name, "kind": kind,
                   "joined_at": utc_text(joined_at), "left_at": left_at.map(utc_text)})
        })
        .collect())
}

/// Forgets the names and room addresses of these entries' stays, and `email` as the owner of
/// a reservation; how many rows changed.
pub fn forget_in_rooms(
    conn: &mut AnyConnection,
    participant_ids: &[String],
    email: &str,
) -> Result<usize, AppError> {
    Ok(queries::forget_stays(conn, participant_ids)? + queries::forget_mail_owner(conn, email)?)
}

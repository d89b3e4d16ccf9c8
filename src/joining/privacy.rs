//! One person's data in waiting rooms: the names they gave while waiting (export), and
//! forgetting them (erasure).

use serde_json::{Value, json};

use super::queries;
use crate::db::{AnyConnection, utc_text};
use crate::error::AppError;

/// The waiting-room entries of these meeting entries.
pub fn waiting_export(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> Result<Vec<Value>, AppError> {
    Ok(queries::lobby_rows_of(conn, participant_ids)?
        .into_iter()
        .map(|(meeting_id, name, state, asked_at)| {
            json!({"meeting_id": meeting_id, "name": name, "state": state,
                   "asked_at": utc_text(asked_at)})
        })
        .collect())
}

/// Forgets the names these entries gave in waiting rooms; how many.
pub fn forget_waiting_names(
    conn: &mut AnyConnection,
    participant_ids: &[String],
) -> Result<usize, AppError> {
    Ok(queries::forget_lobby_names(conn, participant_ids)?)
}

//! One person's data in date polls: what the privacy export shows and what erasure changes
//! (their entries become "deleted person"; the polls they organised go with their mails).

use diesel::Connection;
use serde_json::{Value, json};

use super::queries;
use super::retention::delete_expired_polls;
use crate::db::{AnyConnection, utc_text};
use crate::error::AppError;

/// The polls `user_id` organises, with the addresses asked.
pub fn polls_organised_export(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<Value>, AppError> {
    let polls = queries::polls_organised_by(conn, user_id)?;
    let ids: Vec<String> = polls.iter().map(|p| p.0.clone()).collect();
    let people = queries::people_of_polls(conn, &ids)?;
    Ok(polls
        .iter()
        .map(|(id, title, closed_at, created_at)| {
            json!({
                "id": id,
                "title": title,
                "created_at": utc_text(*created_at),
                "closed_at": closed_at.map(utc_text),
                "asked": people
                    .iter()
                    .filter(|(poll, _)| poll == id)
                    .filter_map(|(_, email)| email.as_ref())
                    .collect::<Vec<_>>(),
            })
        })
        .collect())
}

/// Every entry of the address (or account) in a poll, with its answers; and the entries' ids.
pub fn poll_entries_export(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> Result<(Vec<Value>, Vec<String>), AppError> {
    let entries = queries::entries_in_polls(conn, email, user_id)?;
    let ids: Vec<&str> = entries.iter().map(|(p, _)| p.id.as_str()).collect();
    let answers = queries::answers_of_entries(conn, &ids)?;
    let documents = entries
        .iter()
        .map(|(entry, title)| {
            json!({
                "poll_id": entry.poll_id,
                "poll_title": title,
                "address": entry.email,
                "name": entry.display_name,
                "guest": entry.guest,
                "language": entry.locale,
                "asked_at": utc_text(entry.created_at),
                "answered_at": entry.answered_at.map(utc_text),
                "answers": answers
                    .iter()
                    .filter(|(of, _, _)| *of == entry.id)
                    .map(|(_, starts_at, answer)| json!({
                        "proposed_start": utc_text(*starts_at), "answer": answer,
                    }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok((documents, ids.iter().map(|id| (*id).to_owned()).collect()))
}

/// The ids of the address's (or the account's) poll entries: what erasure changes.
pub fn poll_entry_ids(
    conn: &mut AnyConnection,
    email: &str,
    user_id: Option<&str>,
) -> Result<Vec<String>, AppError> {
    Ok(queries::poll_entry_ids_of(conn, email, user_id)?)
}

/// Makes these entries "deleted person" (inside the caller's transaction).
pub fn anonymise_poll_entries(conn: &mut AnyConnection, ids: &[String]) -> Result<(), AppError> {
    conn.transaction(|conn| {
        for id in ids {
            queries::anonymise_poll_entry(conn, id)?;
        }
        Ok(())
    })
}

/// Deletes the polls `user_id` organised, with the mails about their people; how many.
pub fn delete_polls_organised(conn: &mut AnyConnection, user_id: &str) -> Result<usize, AppError> {
    let ids: Vec<String> = queries::polls_organised_by(conn, user_id)?
        .into_iter()
        .map(|poll| poll.0)
        .collect();
    Ok(delete_expired_polls(conn, &ids)?.0)
}
